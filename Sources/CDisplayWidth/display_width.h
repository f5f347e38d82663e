#ifndef LECTERN_DISPLAY_WIDTH_H
#define LECTERN_DISPLAY_WIDTH_H
#include <wchar.h>
#include <locale.h>
// glibc declares these only under __USE_XOPEN, which Swift's import does not set.
extern int wcwidth(wchar_t c);
extern int wcswidth(const wchar_t *s, size_t n);
#endif
