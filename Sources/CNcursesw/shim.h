#ifndef LECTERN_CNCURSESW_SHIM_H
#define LECTERN_CNCURSESW_SHIM_H
// SwiftPM drops pkg-config's -D_XOPEN_SOURCE, so the wide-character API is switched on here.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <ncursesw/curses.h>
#endif
