/* keccakround: the Keccak-f[1600] permutation written once, for the scalar
 * permutation (keccak.c, lanes in uint64_t) and the eight-lane one
 * (keccakx8.c, lanes in __m512i).  The includer defines the lane operations:
 *   K_XOR(x, y)         x ^ y
 *   K_XOR5(a, b, c, d, e) a ^ b ^ c ^ d ^ e
 *   K_ROL(x, n)         x rotated left by n (0 < n < 64)
 *   K_CHI(a, b, c)      a ^ (~b & c)
 *   K_RC(rc)            the round constant as a lane
 *   K_LANE              the lane type
 * and calls KPERMUTE() in a function whose lanes are s[25].  Lane names:
 * row b g k m s (y = 0..4), column a e i o u (x = 0..4); lane (x, y) is
 * s[x + 5y]. */
#ifndef OR_KECCAKROUND_H
#define OR_KECCAKROUND_H

#include <stdint.h>

extern const uint64_t keccak_rc[24];

/* chi over one output row from the five rotated lanes b0..b4 */
#define KCHI(E, r) do { \
	E##r##a = K_CHI(b0, b1, b2); \
	E##r##e = K_CHI(b1, b2, b3); \
	E##r##i = K_CHI(b2, b3, b4); \
	E##r##o = K_CHI(b3, b4, b0); \
	E##r##u = K_CHI(b4, b0, b1); \
} while (0)

/* theta, rho, pi, chi, iota: one round from lanes A.. into lanes E.. */
#define KROUND(A, E, rc) do { \
	ca = K_XOR5(A##ba, A##ga, A##ka, A##ma, A##sa); \
	ce = K_XOR5(A##be, A##ge, A##ke, A##me, A##se); \
	ci = K_XOR5(A##bi, A##gi, A##ki, A##mi, A##si); \
	co = K_XOR5(A##bo, A##go, A##ko, A##mo, A##so); \
	cu = K_XOR5(A##bu, A##gu, A##ku, A##mu, A##su); \
	da = K_XOR(cu, K_ROL(ce, 1)); de = K_XOR(ca, K_ROL(ci, 1)); \
	di = K_XOR(ce, K_ROL(co, 1)); dO = K_XOR(ci, K_ROL(cu, 1)); \
	du = K_XOR(co, K_ROL(ca, 1)); \
	b0 = K_XOR(A##ba, da); b1 = K_ROL(K_XOR(A##ge, de), 44); \
	b2 = K_ROL(K_XOR(A##ki, di), 43); b3 = K_ROL(K_XOR(A##mo, dO), 21); \
	b4 = K_ROL(K_XOR(A##su, du), 14); \
	KCHI(E, b); \
	E##ba = K_XOR(E##ba, K_RC(rc)); \
	b0 = K_ROL(K_XOR(A##bo, dO), 28); b1 = K_ROL(K_XOR(A##gu, du), 20); \
	b2 = K_ROL(K_XOR(A##ka, da), 3); b3 = K_ROL(K_XOR(A##me, de), 45); \
	b4 = K_ROL(K_XOR(A##si, di), 61); \
	KCHI(E, g); \
	b0 = K_ROL(K_XOR(A##be, de), 1); b1 = K_ROL(K_XOR(A##gi, di), 6); \
	b2 = K_ROL(K_XOR(A##ko, dO), 25); b3 = K_ROL(K_XOR(A##mu, du), 8); \
	b4 = K_ROL(K_XOR(A##sa, da), 18); \
	KCHI(E, k); \
	b0 = K_ROL(K_XOR(A##bu, du), 27); b1 = K_ROL(K_XOR(A##ga, da), 36); \
	b2 = K_ROL(K_XOR(A##ke, de), 10); b3 = K_ROL(K_XOR(A##mi, di), 15); \
	b4 = K_ROL(K_XOR(A##so, dO), 56); \
	KCHI(E, m); \
	b0 = K_ROL(K_XOR(A##bi, di), 62); b1 = K_ROL(K_XOR(A##go, dO), 55); \
	b2 = K_ROL(K_XOR(A##ku, du), 39); b3 = K_ROL(K_XOR(A##ma, da), 41); \
	b4 = K_ROL(K_XOR(A##se, de), 2); \
	KCHI(E, s); \
} while (0)

/* P(name, index) for each of the 25 lanes */
#define KLANES(P) \
	P(ba, 0) P(be, 1) P(bi, 2) P(bo, 3) P(bu, 4) \
	P(ga, 5) P(ge, 6) P(gi, 7) P(go, 8) P(gu, 9) \
	P(ka, 10) P(ke, 11) P(ki, 12) P(ko, 13) P(ku, 14) \
	P(ma, 15) P(me, 16) P(mi, 17) P(mo, 18) P(mu, 19) \
	P(sa, 20) P(se, 21) P(si, 22) P(so, 23) P(su, 24)

/* The whole permutation, in place over the array s[25] of lanes of type
 * K_LANE (the includer's parameter must be named s): two rounds a loop step
 * (A -> E -> A), lanes in local variables the compiler keeps in registers. */
#define KDECL(n, i) K_LANE a##n = s[i], e##n;
#define KSTORE(n, i) s[i] = a##n;
#define KPERMUTE() do { \
	KLANES(KDECL) \
	K_LANE ca, ce, ci, co, cu, da, de, di, dO, du, b0, b1, b2, b3, b4; \
	int r_; \
	for (r_ = 0; r_ < 24; r_ += 2) { \
		KROUND(a, e, keccak_rc[r_]); \
		KROUND(e, a, keccak_rc[r_ + 1]); \
	} \
	KLANES(KSTORE) \
} while (0)

#endif
