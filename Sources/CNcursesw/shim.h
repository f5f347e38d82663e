#ifndef LECTERN_CNCURSESW_SHIM_H
#define LECTERN_CNCURSESW_SHIM_H
// SwiftPM drops pkg-config's -D_XOPEN_SOURCE, so the wide-character API is switched on here.
#define NCURSES_WIDECHAR 1
#include <locale.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <ncursesw/curses.h>

// Macros and mutable globals Swift cannot import, as functions.
static inline WINDOW *lectern_stdscr(void) { return stdscr; }
static inline attr_t lectern_a_bold(void) { return A_BOLD; }
static inline attr_t lectern_a_dim(void) { return A_DIM; }
static inline attr_t lectern_a_reverse(void) { return A_REVERSE; }
static inline attr_t lectern_a_underline(void) { return A_UNDERLINE; }
static inline attr_t lectern_color_pair(int pair) { return (attr_t)COLOR_PAIR(pair); }
static inline mmask_t lectern_button1_pressed(void) { return BUTTON1_PRESSED; }
static inline mmask_t lectern_button1_clicked(void) { return BUTTON1_CLICKED; }
static inline mmask_t lectern_button1_released(void) { return BUTTON1_RELEASED; }
static inline mmask_t lectern_wheel_up(void) { return BUTTON4_PRESSED; }
static inline mmask_t lectern_wheel_down(void) {
#ifdef BUTTON5_PRESSED
    return BUTTON5_PRESSED;
#else
    return 0;
#endif
}

// Signals. These functions keep state in static variables: call them from one Swift file only.
// Quit signals (INT, TERM, HUP, QUIT) and CONT only set a flag; installed without SA_RESTART so a
// blocking wget_wch returns at once and the event loop sees the flag.
static volatile sig_atomic_t lectern_pending_signal = 0;
static volatile sig_atomic_t lectern_continued = 0;

static void lectern_flag_signal(int sig) {
    if (sig == SIGCONT) lectern_continued = 1;
    else lectern_pending_signal = sig;
}

static inline void lectern_install_signal_flags(void) {
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = lectern_flag_signal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; // no SA_RESTART
    sigaction(SIGINT, &action, NULL);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
    sigaction(SIGQUIT, &action, NULL);
    sigaction(SIGCONT, &action, NULL);
    // A parent may have started us with these blocked; the browser needs them delivered.
    sigset_t wanted;
    sigemptyset(&wanted);
    sigaddset(&wanted, SIGINT);
    sigaddset(&wanted, SIGTERM);
    sigaddset(&wanted, SIGHUP);
    sigaddset(&wanted, SIGQUIT);
    sigaddset(&wanted, SIGCONT);
    sigaddset(&wanted, SIGTSTP);
    sigaddset(&wanted, SIGWINCH);
    sigprocmask(SIG_UNBLOCK, &wanted, NULL);
}

static inline int lectern_take_signal(void) {
    int sig = lectern_pending_signal;
    lectern_pending_signal = 0;
    return sig;
}

// Ctrl-Z (SIGTSTP) only sets a flag too; the event loop then leaves curses mode and stops the process
// itself. Installed before initscr, so ncurses keeps out of SIGTSTP: its own handler is switched to
// "ignore" while it writes to the screen, and a Ctrl-Z landing then would be lost. A SIGTSTP ignored
// from the start (no job control) stays ignored.
static volatile sig_atomic_t lectern_stop_requested = 0;

static void lectern_flag_stop(int sig) {
    (void)sig;
    lectern_stop_requested = 1;
}

static inline void lectern_install_stop_flag(void) {
    struct sigaction old;
    if (sigaction(SIGTSTP, NULL, &old) != 0 || old.sa_handler == SIG_IGN) return;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = lectern_flag_stop;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; // no SA_RESTART: a waiting wget_wch returns at once
    sigaction(SIGTSTP, &action, NULL);
}

static inline int lectern_take_stop(void) {
    int value = lectern_stop_requested;
    lectern_stop_requested = 0;
    return value;
}

static inline int lectern_stop_pending(void) { return lectern_stop_requested; }

// Stops the process as the default SIGTSTP action would, and returns once it is continued.
static inline void lectern_stop_now(void) {
    struct sigaction standard, mine;
    memset(&standard, 0, sizeof standard);
    standard.sa_handler = SIG_DFL;
    sigemptyset(&standard.sa_mask);
    sigaction(SIGTSTP, &standard, &mine);
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTSTP);
    sigprocmask(SIG_UNBLOCK, &set, NULL);
    kill(getpid(), SIGTSTP);
    sigaction(SIGTSTP, &mine, NULL);
}

static inline int lectern_take_continued(void) {
    int value = lectern_continued;
    lectern_continued = 0;
    return value;
}

// Terminal reset sent by the crash handler: mouse reporting off, alternate screen off, keypad mode
// off, attributes reset, cursor shown.
static inline const char *lectern_reset_sequence(void) {
    return "\033[?1000l\033[?1002l\033[?1003l\033[?1006l\033[?1049l\033[?1l\033>\033[0m\033[?25h\r\n";
}

static void lectern_end_at_exit(void) {
    if (!isendwin()) endwin();
}

static inline void lectern_end_window_at_exit(void) { atexit(lectern_end_at_exit); }
#endif
