/* b64: standard padded base64. */
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

static int
val(unsigned char c)
{
	if (c >= 'A' && c <= 'Z')
		return c - 'A';
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 26;
	if (c >= '0' && c <= '9')
		return c - '0' + 52;
	if (c == '+')
		return 62;
	if (c == '/')
		return 63;
	return -1;
}

long long
b64_decode(uint8_t *dst, const char *s, size_t n)
{
	size_t i, out = 0, pad = 0;
	int a, b, c, d;

	if (n % 4 != 0)
		return -1;
	if (n > 0 && s[n - 1] == '=')
		pad = n > 1 && s[n - 2] == '=' ? 2 : 1;
	for (i = 0; i < n; i += 4) {
		int last = i + 4 == n;

		a = val((unsigned char)s[i]);
		b = val((unsigned char)s[i + 1]);
		c = last && pad == 2 ? 0 : val((unsigned char)s[i + 2]);
		d = last && pad >= 1 ? 0 : val((unsigned char)s[i + 3]);
		if (a < 0 || b < 0 || c < 0 || d < 0)
			return -1;
		/* canonical: the bits a padded group drops are zero */
		if (last && pad == 2 && (b & 15) != 0)
			return -1;
		if (last && pad == 1 && (c & 3) != 0)
			return -1;
		dst[out++] = (uint8_t)(a << 2 | b >> 4);
		if (!(last && pad == 2))
			dst[out++] = (uint8_t)((b & 15) << 4 | c >> 2);
		if (!(last && pad >= 1))
			dst[out++] = (uint8_t)((c & 3) << 6 | d);
	}
	return (long long)out;
}
