/* linkres: one walk over a link's target, following links on the way. */
#include <string.h>
#include <strings.h>

#include "linkres.h"
#include "banned.h"

int
linkres(const char *link, size_t ln, const char *target, size_t tn,
    linkres_lookup look, void *arg, int no_git, struct buf *out,
    struct or_err *e)
{
	struct buf rest = { 0 }, tmp = { 0 }, lt = { 0 };
	size_t pos = 0, i, cl, at;
	const char *c;
	int hops = 0, rc = LINKRES_INSIDE, r;

	out->len = 0;
	buf_add(out, "", 0);
	if (tn == 0 || target[0] == '/')
		return LINKRES_ESCAPE;
	for (i = ln; i > 0 && link[i - 1] != '/'; i--)
		;
	buf_add(out, link, i > 0 ? i - 1 : 0);
	buf_add(&rest, target, tn);
	while (rc == LINKRES_INSIDE && pos < rest.len) {
		c = rest.p + pos;
		for (cl = 0; pos + cl < rest.len && c[cl] != '/'; cl++)
			;
		pos += cl + 1;
		if (cl == 0 || (cl == 1 && c[0] == '.'))
			continue;
		if (cl == 2 && c[0] == '.' && c[1] == '.') {
			if (out->len == 0) {
				rc = LINKRES_ESCAPE;
				break;
			}
			while (out->len > 0 && out->p[out->len - 1] != '/')
				out->len--;
			if (out->len > 0)
				out->len--;
			out->p[out->len] = '\0';
			continue;
		}
		if (no_git && cl == 4 && strncasecmp(c, ".git", 4) == 0) {
			rc = LINKRES_GIT;
			break;
		}
		at = out->len;
		if (out->len > 0)
			buf_addc(out, '/');
		buf_add(out, c, cl);
		if (look == NULL)
			continue;
		lt.len = 0;
		if ((r = look(arg, out->p, out->len, &lt, e)) < 0) {
			rc = -1;
			break;
		}
		if (r == 0)
			continue;
		if (++hops > LINKRES_HOPS_MAX) {
			rc = LINKRES_LOOP;
			break;
		}
		if (lt.len == 0 || lt.p[0] == '/') {
			rc = LINKRES_ESCAPE;
			break;
		}
		/* go on from the link's folder with its target */
		tmp.len = 0;
		buf_add(&tmp, lt.p, lt.len);
		buf_addc(&tmp, '/');
		if (pos < rest.len)
			buf_add(&tmp, rest.p + pos, rest.len - pos);
		rest.len = 0;
		buf_add(&rest, tmp.p, tmp.len);
		pos = 0;
		out->len = at;
		out->p[at] = '\0';
	}
	buf_free(&rest);
	buf_free(&tmp);
	buf_free(&lt);
	return rc;
}
