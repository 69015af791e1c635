/* keccakx8: keccak256 of many equal-length messages, eight at a time with
 * AVX-512 (one message per 64-bit lane of each of the 25 state vectors).
 * The 0G merkle tree hashes millions of 256-byte leaves and 64-byte nodes,
 * all independent, so the only speed-up that matters is width, not latency.
 * The AVX-512 code is compiled with a target attribute so the project keeps
 * its plain flags; whether it runs is decided once, at the first call, from
 * the CPU (and OS) support reported by __builtin_cpu_supports.  Anything else
 * (no AVX-512, not x86-64, a remainder of one message) goes through
 * the scalar keccak256, which defines the result. */
#include <pthread.h>
#include <stdatomic.h>
#include <string.h>

/* before banned.h: immintrin.h pulls in stdlib.h */
#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define KECCAK_X8 1
#include <immintrin.h>
#endif

#include "keccak.h"
#include "keccakround.h"
#include "banned.h"

static atomic_int force_portable;

void
keccak_force_portable(int on)
{
	atomic_store_explicit(&force_portable, on != 0, memory_order_relaxed);
}

static void
many_portable(const uint8_t *p, size_t len, size_t n, uint8_t (*out)[32])
{
	size_t i;

	for (i = 0; i < n; i++)
		keccak256(p + i * len, len, out[i]);
}

#ifdef KECCAK_X8

/* A remainder of fewer messages than this goes through the scalar code: an
 * eight-lane batch costs about 1.4 scalar hashes on Zen 4 (480 against 350
 * ns at len 64), so from two messages on the batch wins. */
#define X8_MIN_PARTIAL 2

/* The lane operations of keccakround.h on vectors.  ternarylogic truth
 * tables, with a = 0xf0, b = 0xcc, c = 0xaa: 0x96 = a ^ b ^ c; 0xd2 =
 * a ^ (~b & c), chi. */
#define K_XOR(x, y)		_mm512_xor_si512((x), (y))
#define K_XOR5(a, b, c, d, e)	_mm512_ternarylogic_epi64( \
	_mm512_ternarylogic_epi64((a), (b), (c), 0x96), (d), (e), 0x96)
#define K_ROL(x, n)		_mm512_rol_epi64((x), (n))
#define K_CHI(a, b, c)		_mm512_ternarylogic_epi64((a), (b), (c), 0xd2)
#define K_LANE			__m512i
#define K_RC(rc)		_mm512_set1_epi64((long long)(rc))

__attribute__((target("avx512f"))) static void
keccakx8_f1600(__m512i s[25])
{
	KPERMUTE();
}

/* Lanes i..i+7 (64 bytes at q + off[k]) of the 8 messages, transposed so
 * that v[j] holds lane i + j of every message: three shuffle stages, 24
 * shuffles for 8 loads, cheaper than 8 gathers on Zen 4. */
__attribute__((target("avx512f"))) static void
load8x8(const uint8_t *q, const long long off[8], __m512i v[8])
{
	__m512i r[8], t[8], u[8];
	int k;

	for (k = 0; k < 8; k++)
		r[k] = _mm512_loadu_si512(q + off[k]);
	/* t[2h] = r[2h][0, 2, 4, 6] interleaved with r[2h + 1][...] */
	for (k = 0; k < 4; k++) {
		t[2 * k] = _mm512_unpacklo_epi64(r[2 * k], r[2 * k + 1]);
		t[2 * k + 1] = _mm512_unpackhi_epi64(r[2 * k], r[2 * k + 1]);
	}
	/* u[0] = qwords 0, 4 of rows 0-3; u[1] = 2, 6; u[2] = 1, 5; u[3] =
	 * 3, 7; u[4..7] the same for rows 4-7 */
	for (k = 0; k < 2; k++) {
		u[4 * k] = _mm512_shuffle_i64x2(t[4 * k], t[4 * k + 2], 0x88);
		u[4 * k + 1] = _mm512_shuffle_i64x2(t[4 * k], t[4 * k + 2],
		    0xdd);
		u[4 * k + 2] = _mm512_shuffle_i64x2(t[4 * k + 1], t[4 * k + 3],
		    0x88);
		u[4 * k + 3] = _mm512_shuffle_i64x2(t[4 * k + 1], t[4 * k + 3],
		    0xdd);
	}
	v[0] = _mm512_shuffle_i64x2(u[0], u[4], 0x88);
	v[4] = _mm512_shuffle_i64x2(u[0], u[4], 0xdd);
	v[2] = _mm512_shuffle_i64x2(u[1], u[5], 0x88);
	v[6] = _mm512_shuffle_i64x2(u[1], u[5], 0xdd);
	v[1] = _mm512_shuffle_i64x2(u[2], u[6], 0x88);
	v[5] = _mm512_shuffle_i64x2(u[2], u[6], 0xdd);
	v[3] = _mm512_shuffle_i64x2(u[3], u[7], 0x88);
	v[7] = _mm512_shuffle_i64x2(u[3], u[7], 0xdd);
}

/* XOR lanes 0..nl-1 of the 8 messages at q + off[k] into s */
__attribute__((target("avx512f"))) static void
absorb_lanes(__m512i s[25], const uint8_t *q, const long long off[8],
    __m512i idx, int nl)
{
	__m512i v[8];
	int i = 0, j;

	for (; i + 8 <= nl; i += 8) {
		load8x8(q + 8 * i, off, v);
		for (j = 0; j < 8; j++)
			s[i + j] = _mm512_xor_si512(s[i + j], v[j]);
	}
	for (; i < nl; i++)
		s[i] = _mm512_xor_si512(s[i],
		    _mm512_i64gather_epi64(idx, q + 8 * i, 1));
}

/* keccak256 of the m (1..8) messages of len bytes at p, p + len, ...;
 * lanes m..7 hash message 0 again and are dropped, so every address read
 * belongs to a message.  Whole lanes are read in place; only the final
 * partial lane of each message is copied. */
__attribute__((target("avx512f"))) static void
keccakx8_batch(const uint8_t *p, size_t len, int m, uint8_t (*out)[32])
{
	__m512i s[25], idx;
	long long off[8];
	uint64_t tail[8], w[4][8];
	size_t left = len, r;
	const uint8_t *q = p;
	int i, k;

	for (k = 0; k < 8; k++)
		off[k] = k < m ? (long long)(k * len) : 0;
	idx = _mm512_loadu_si512(off);
	for (i = 0; i < 25; i++)
		s[i] = _mm512_setzero_si512();
	for (; left >= KECCAK256_RATE; left -= KECCAK256_RATE,
	    q += KECCAK256_RATE) {
		absorb_lanes(s, q, off, idx, KECCAK256_RATE / 8);
		keccakx8_f1600(s);
	}
	/* the last block: left (0..135) bytes, then 0x01 ... 0x80 */
	i = (int)(left / 8);
	absorb_lanes(s, q, off, idx, i);
	r = left % 8;
	for (k = 0; k < 8; k++) {
		tail[k] = 0;
		if (r > 0)
			memcpy(&tail[k], q + off[k] + 8 * i, r);
		tail[k] ^= 0x01ULL << (8 * r);
	}
	s[i] = _mm512_xor_si512(s[i], _mm512_loadu_si512(tail));
	s[KECCAK256_RATE / 8 - 1] = _mm512_xor_si512(s[KECCAK256_RATE / 8 - 1],
	    _mm512_set1_epi64((long long)0x8000000000000000ULL));
	keccakx8_f1600(s);
	for (i = 0; i < 4; i++)
		_mm512_storeu_si512(w[i], s[i]);
	for (k = 0; k < m; k++)
		for (i = 0; i < 4; i++)
			memcpy(out[k] + 8 * i, &w[i][k], 8);
}

static int have_x8;
static pthread_once_t x8_once = PTHREAD_ONCE_INIT;

static void
x8_probe(void)
{
	__builtin_cpu_init();
	have_x8 = __builtin_cpu_supports("avx512f") != 0;
}

#endif /* KECCAK_X8 */

int
keccak256_many_simd(void)
{
#ifdef KECCAK_X8
	pthread_once(&x8_once, x8_probe);
	return have_x8 && !atomic_load_explicit(&force_portable,
	    memory_order_relaxed);
#else
	return 0;
#endif
}

void
keccak256_many(const uint8_t *p, size_t len, size_t n, uint8_t (*out)[32])
{
	size_t i = 0;

	if (n == 0)
		return;
	if (len == 0) {		/* p may be NULL: no arithmetic on it */
		keccak256("", 0, out[0]);
		for (i = 1; i < n; i++)
			memcpy(out[i], out[0], 32);
		return;
	}
#ifdef KECCAK_X8
	if (keccak256_many_simd()) {
		for (; i + 8 <= n; i += 8)
			keccakx8_batch(p + i * len, len, 8, out + i);
		if (n - i >= X8_MIN_PARTIAL) {
			keccakx8_batch(p + i * len, len, (int)(n - i), out + i);
			i = n;
		}
	}
#endif
	if (i < n)
		many_portable(p + i * len, len, n - i, out + i);
}
