/* siphash: SipHash-2-4 (Aumasson and Bernstein), a keyed 64-bit hash for
 * hash tables that hold attacker-chosen keys (lines of a candidate's files):
 * without the 128-bit key, nobody can pick inputs that collide, so lookups
 * stay O(1) on hostile data.  Not a MAC for anything stored or sent. */
#ifndef OR_SIPHASH_H
#define OR_SIPHASH_H

#include <stddef.h>
#include <stdint.h>

/* SipHash-2-4 of the n bytes at p under key (as the reference: its output
 * read as a little-endian word). */
uint64_t siphash24(const uint8_t key[16], const void *p, size_t n);
/* A fresh random key for one table (getrandom; if that fails, the clock,
 * the pid and an address, which still varies per run). */
void siphash_key(uint8_t key[16]);

#endif
