/* tap.h: a tiny TAP producer for the C unit tests (header-only).
 * Vectors are read in place from $VECTORS (Makefile variable); a missing
 * folder is a failure, never a skip. */
#ifndef OR_TAP_H
#define OR_TAP_H

#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "json.h"

static int tap_n, tap_failed;

static void __attribute__((format(printf, 2, 3), unused))
ok(int cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s %d - ", cond ? "ok" : "not ok", ++tap_n);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	if (!cond)
		tap_failed++;
	fflush(stdout);
}

static void __attribute__((format(printf, 3, 4), unused))
is_str(const char *got, const char *want, const char *fmt, ...)
{
	va_list ap;
	char name[512];
	int cond = got != NULL && want != NULL && strcmp(got, want) == 0;

	va_start(ap, fmt);
	vsnprintf(name, sizeof(name), fmt, ap);
	va_end(ap);
	ok(cond, "%s", name);
	if (!cond)
		printf("#   got:  '%s'\n#   want: '%s'\n", got ? got : "(null)",
		    want ? want : "(null)");
}

/* Path of a vector file; exits 1 (a failure) when $VECTORS is missing. */
static __attribute__((unused)) const char *
vector_path(const char *name)
{
	static char path[4096];
	const char *dir = getenv("VECTORS");
	FILE *f;

	if (dir == NULL || *dir == '\0') {
		printf("not ok %d - VECTORS is not set\n", ++tap_n);
		exit(1);
	}
	snprintf(path, sizeof(path), "%s/%s", dir, name);
	if ((f = fopen(path, "r")) == NULL) {
		printf("not ok %d - vector file '%s' is missing\n", ++tap_n,
		    path);
		exit(1);
	}
	fclose(f);
	return path;
}

/* A JSON object written in a test; a text that does not parse bails out. */
static __attribute__((unused)) cJSON *
tap_json(const char *text)
{
	struct or_err e;
	cJSON *v = json_parse(text, strlen(text), 1, &e);

	if (v == NULL) {
		printf("Bail out! bad test JSON %s: %s\n", text, e.msg);
		exit(1);
	}
	return v;
}

/* Entries in folder d other than . and ..: what a write left behind. */
static int __attribute__((unused))
tap_entries(const char *d)
{
	DIR *dp = opendir(d);
	struct dirent *de;
	int n = 0;

	while (dp != NULL && (de = readdir(dp)) != NULL)
		n += strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
	if (dp != NULL)
		closedir(dp);
	return n;
}

static int __attribute__((unused))
done_testing(void)
{
	printf("1..%d\n", tap_n);
	return tap_failed ? 1 : 0;
}

#endif
