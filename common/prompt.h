/* prompt: read a secret line (a password) from the controlling terminal
 * with echo off.  While a prompt waits, SIGINT and SIGTERM restore the
 * terminal before the default action: that saved terminal state is the
 * only state kept here, and only between the start and end of a prompt.
 * Ownership: the caller owns pw; prompt_free wipes and frees it. */
#ifndef OR_PROMPT_H
#define OR_PROMPT_H

#include "util.h"

/* Longest line kept; the rest of a longer line is read and dropped. */
#define PROMPT_MAX 1024

/* Write question to /dev/tty and read one line into pw (NUL-terminated,
 * without the "\n" or "\r\n").  Only when stderr is a terminal (a prompt
 * must be visible); returns -1 when there is no terminal. */
int prompt_secret(const char *question, struct buf *pw);
/* Wipe the whole buffer of pw and free it. */
void prompt_free(struct buf *pw);

#endif
