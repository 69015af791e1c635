/* hex: strict 0x hex (conventions.md section 4). */
#include <stdlib.h>
#include <string.h>

#include "hex.h"
#include "banned.h"

int
hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

static int
check_digits(const char *s, size_t slen, const char *what, struct or_err *e)
{
	size_t i;

	if (slen < 2 || s[0] != '0' || s[1] != 'x')
		return or_error(e, "hex.no_prefix", "missing 0x prefix in '%s'",
		    what);
	for (i = 2; i < slen; i++)
		if (hex_digit((unsigned char)s[i]) < 0)
			return or_error(e, "hex.bad_digit",
			    "invalid hex digit in '%s'", what);
	if ((slen - 2) % 2 != 0)
		return or_error(e, "hex.odd_length",
		    "odd number of hex digits in '%s'", what);
	return 0;
}

static void
unhex(uint8_t *dst, const char *src, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		dst[i] = (uint8_t)(hex_digit((unsigned char)src[2 * i]) << 4 |
		    hex_digit((unsigned char)src[2 * i + 1]));
}

int
hex_decode(const char *s, size_t slen, uint8_t **out, size_t *outlen,
    const char *what, struct or_err *e)
{
	if (check_digits(s, slen, what, e) < 0)
		return -1;
	*outlen = (slen - 2) / 2;
	*out = xmalloc(*outlen);
	unhex(*out, s + 2, *outlen);
	return 0;
}

int
hex_decode_fixed(const char *s, uint8_t *out, size_t n, const char *what,
    struct or_err *e)
{
	size_t slen = strlen(s);

	if (check_digits(s, slen, what, e) < 0)
		return -1;
	if (slen - 2 != 2 * n)
		return or_error(e, "hex.bad_length",
		    "'%s' must be %zu bytes (%zu hex digits)", what, n, 2 * n);
	unhex(out, s + 2, n);
	return 0;
}

void
hex_encode(char *dst, const uint8_t *p, size_t n)
{
	static const char d[] = "0123456789abcdef";
	size_t i;

	dst[0] = '0';
	dst[1] = 'x';
	for (i = 0; i < n; i++) {
		dst[2 + 2 * i] = d[p[i] >> 4];
		dst[3 + 2 * i] = d[p[i] & 15];
	}
	dst[2 + 2 * n] = '\0';
}

char *
hex_encode_new(const uint8_t *p, size_t n)
{
	char *s;

	if (n > (SIZE_MAX - 3) / 2)
		die_oom();
	s = xmalloc(2 * n + 3);
	hex_encode(s, p, n);
	return s;
}
