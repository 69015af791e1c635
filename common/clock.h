/* clock: monotonic time for polling and deadlines (or-rpc wait, logs
 * --follow).
 * Ownership: nothing is allocated. */
#ifndef OR_CLOCK_H
#define OR_CLOCK_H

#include <stdint.h>

/* Monotonic microseconds, and a sleep that resumes after signals. */
uint64_t clock_now_us(void);
void clock_sleep_us(uint64_t us);

#endif
