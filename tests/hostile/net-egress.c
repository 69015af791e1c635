/* net-egress: try to reach the test's listeners on the host's loopback
 * addresses (TCP, UDP), resolve a name, and connect to an abstract unix
 * socket.  Prints one line per attempt; exits with the number that
 * succeeded.  Usage: net-egress PORT ABSTRACT_NAME */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

static int wins;

static void
report(const char *what, int rc)
{
	printf("%s %s\n", what, rc == 0 ? "ok" : strerrorname_np(errno));
	if (rc == 0)
		wins++;
}

int
main(int argc, char **argv)
{
	const char *addrs[] = { "127.0.0.1", "127.0.0.2" };
	struct sockaddr_in sin = { 0 };
	struct sockaddr_un sun = { 0 };
	struct addrinfo *ai;
	char line[256], what[64];
	FILE *f;
	size_t i;
	int s, rc;

	if (argc < 3)
		return 100;
	for (i = 0; i < 2; i++) {
		sin.sin_family = AF_INET;
		sin.sin_port = htons((unsigned short)strtoul(argv[1], NULL, 10));
		inet_pton(AF_INET, addrs[i], &sin.sin_addr);
		s = socket(AF_INET, SOCK_STREAM, 0);
		snprintf(what, sizeof(what), "tcp %s", addrs[i]);
		report(what, connect(s, (struct sockaddr *)&sin, sizeof(sin)));
		close(s);
		s = socket(AF_INET, SOCK_DGRAM, 0);
		snprintf(what, sizeof(what), "udp %s", addrs[i]);
		/* a send "succeeds" locally; a connected socket then reports
		 * the ICMP refusal on the next call */
		rc = connect(s, (struct sockaddr *)&sin, sizeof(sin));
		if (rc == 0)
			rc = send(s, "leak", 4, 0) == 4 ? 0 : -1;
		if (rc == 0) {
			usleep(50000);
			rc = send(s, "leak", 4, 0) == 4 ? 0 : -1;
		}
		report(what, rc);
		close(s);
	}
	rc = getaddrinfo("canary.invalid", "80", NULL, &ai);
	printf("dns %s\n", rc == 0 ? "ok" : "fail");
	if (rc == 0)
		wins++;
	s = socket(AF_UNIX, SOCK_STREAM, 0);
	sun.sun_family = AF_UNIX;
	snprintf(sun.sun_path + 1, sizeof(sun.sun_path) - 1, "%s", argv[2]);
	report("abstract", connect(s, (struct sockaddr *)&sun,
	    (socklen_t)(offsetof(struct sockaddr_un, sun_path) + 1 +
	    strlen(argv[2]))));
	f = fopen("/proc/net/dev", "r");
	while (f != NULL && fgets(line, sizeof(line), f) != NULL) {
		char *colon = strchr(line, ':'), *p = line;

		if (colon == NULL)
			continue;
		*colon = '\0';
		while (*p == ' ')
			p++;
		printf("iface %s\n", p);
	}
	return wins;
}
