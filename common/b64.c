/* b64: standard padded base64. */
#include <pthread.h>
#include <string.h>

#include "b64.h"
#include "banned.h"

static const char alpha[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

size_t
b64_len(size_t n)
{
	return (n + 2) / 3 * 4;
}

void
b64_encode(char *dst, const uint8_t *p, size_t n)
{
	size_t i;
	uint32_t v;

	for (i = 0; i + 3 <= n; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		*dst++ = alpha[v >> 18];
		*dst++ = alpha[(v >> 12) & 63];
		*dst++ = alpha[(v >> 6) & 63];
		*dst++ = alpha[v & 63];
	}
	if (n - i == 1) {
		v = (uint32_t)p[i] << 16;
		*dst++ = alpha[v >> 18];
		*dst++ = alpha[(v >> 12) & 63];
		*dst++ = '=';
		*dst++ = '=';
	} else if (n - i == 2) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8;
		*dst++ = alpha[v >> 18];
		*dst++ = alpha[(v >> 12) & 63];
		*dst++ = alpha[(v >> 6) & 63];
		*dst++ = '=';
	}
	*dst = '\0';
}

/* The value of each base64 character, or -1: one lookup a character
 * (decoding a 256 KiB 0G segment is most of a download's CPU). */
static signed char dec[256];
static pthread_once_t dec_once = PTHREAD_ONCE_INIT;

static void
dec_init(void)
{
	int i;

	memset(dec, -1, sizeof(dec));
	for (i = 0; i < 64; i++)
		dec[(unsigned char)alpha[i]] = (signed char)i;
}

long long
b64_decode(uint8_t *dst, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i, out = 0, pad = 0;
	uint32_t v;
	int a, b, c, d;

	pthread_once(&dec_once, dec_init);
	if (n % 4 != 0)
		return -1;
	if (n > 0 && s[n - 1] == '=')
		pad = n > 1 && s[n - 2] == '=' ? 2 : 1;
	/* whole groups: a -1 anywhere makes the OR negative */
	for (i = 0; i + 4 < n || (i + 4 == n && pad == 0); i += 4) {
		a = dec[u[i]];
		b = dec[u[i + 1]];
		c = dec[u[i + 2]];
		d = dec[u[i + 3]];
		if ((a | b | c | d) < 0)
			return -1;
		v = (uint32_t)a << 18 | (uint32_t)b << 12 | (uint32_t)c << 6 |
		    (uint32_t)d;
		dst[out++] = (uint8_t)(v >> 16);
		dst[out++] = (uint8_t)(v >> 8);
		dst[out++] = (uint8_t)v;
	}
	if (i == n)
		return (long long)out;
	/* the padded group */
	a = dec[u[i]];
	b = dec[u[i + 1]];
	c = pad == 2 ? 0 : dec[u[i + 2]];
	if (a < 0 || b < 0 || c < 0)
		return -1;
	/* canonical: the bits a padded group drops are zero */
	if ((pad == 2 && (b & 15) != 0) || (pad == 1 && (c & 3) != 0))
		return -1;
	dst[out++] = (uint8_t)(a << 2 | b >> 4);
	if (pad == 1)
		dst[out++] = (uint8_t)((b & 15) << 4 | c >> 2);
	return (long long)out;
}
