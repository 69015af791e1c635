/* Unit tests: http's URL forms for messages: redacted to scheme://host:port
 * when the URL is used, masked where typed when it is not valid. */
#include <string.h>

#include "tap.h"
#include "http.h"

static void
mask(const char *url, const char *want, const char *name)
{
	char got[256];

	http_mask(url, got, sizeof(got));
	is_str(got, want, name);
}

int
main(void)
{
	char got[256];

	(void)vector_path;	/* no shared vector covers these cases */
	mask("127.0.0.1:8545", "127.0.0.1:8545", "nothing to mask");
	mask("http://h:1/a/b", "http://h:1/a/b", "a path stays");
	mask("u:p@h:1", "***@h:1", "user info without a scheme");
	mask("https://u:p@h/v3/x", "https://***@h/v3/x", "user info");
	mask("h/x?key=abc&b=&c", "h/x?key=***&b=***&***",
	    "query values, and a bare query word");
	mask("h?a=1;b=2#frag", "h?a=***;b=***#***", "; separators, fragment");
	mask("h/p@q?x=1", "h/p@q?x=***", "an @ in the path is no user info");
	mask("h?", "h?", "an empty query");
	mask("h#", "h#", "an empty fragment");
	mask("", "", "nothing at all");
	http_mask("https://u:p@host.example/x?k=v", got, 12);
	is_str(got, "https://***", "truncated to the buffer");
	http_redact("https://u:p@h:8/x?k=v", got, sizeof(got));
	is_str(got, "https://h:8", "redacted to scheme://host:port");
	return done_testing();
}
