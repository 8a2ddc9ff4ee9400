// SPDX-License-Identifier: LGPL-2.1
/*
 * libtcpcrypt: v0.2's tcpcrypt_getsessid(), which found a connection by its
 * addresses in the daemon's list; here the list is the namespace's
 * /proc/net/tcpcrypt_conns (format in <linux/tcpcrypt.h>).
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <linux/tcpcrypt.h>

#define CONNS_FILE	"/proc/net/" TCPCRYPT_PROC_CONNS
#define ADDR_MAX	(INET6_ADDRSTRLEN + 2 + 6)	/* [addr]:port */
#define SID_HEX		(2 * TCP_CRYPT_SESSID_LEN)

/*
 * An address and port as the file writes them: a.b.c.d:port or
 * [v6]:port, the IPv6 address compressed as inet_ntop() does. 0 on success.
 */
static int endpoint(const char *ip, uint16_t port, char *out, size_t len)
{
	unsigned char a[sizeof(struct in6_addr)];
	char text[INET6_ADDRSTRLEN];
	int v6 = strchr(ip, ':') != NULL;

	if (inet_pton(v6 ? AF_INET6 : AF_INET, ip, a) != 1 ||
	    !inet_ntop(v6 ? AF_INET6 : AF_INET, a, text, sizeof(text)))
		return -1;
	snprintf(out, len, v6 ? "[%s]:%u" : "%s:%u", text, port);
	return 0;
}

/*
 * Local ends for which v0.2's programs passed "" or NULL and 0 match any;
 * that lookup by remote end alone was v0.2's only one.
 */
char *tcpcrypt_getsessid(char *remote_ip, uint16_t remote_port,
			 char *local_ip, uint16_t local_port)
{
	static char sid[SID_HEX + 1];
	char want_l[ADDR_MAX], want_r[ADDR_MAX], line[512];
	char l[128], r[128], hex[128];
	int any_local = (!local_ip || !*local_ip) && !local_port;
	FILE *f;
	int i;

	if (!remote_ip || endpoint(remote_ip, remote_port, want_r, sizeof(want_r)) ||
	    (!any_local && (!local_ip || endpoint(local_ip, local_port, want_l,
						  sizeof(want_l))))) {
		errno = EINVAL;
		return NULL;
	}
	f = fopen(CONNS_FILE, "re");
	if (!f)
		return NULL;
	while (fgets(line, sizeof(line), f)) {
		/* local remote role state pubkey suite sid ...; "-" before keys. */
		if (sscanf(line, "%127s %127s %*s %*s %*s %*s %127s", l, r, hex) != 3 ||
		    strlen(hex) != SID_HEX || strcmp(r, want_r) ||
		    (!any_local && strcmp(l, want_l)))
			continue;
		fclose(f);
		/* v0.2 gave uppercase hex; its programs may compare it as such. */
		for (i = 0; i <= SID_HEX; i++)
			sid[i] = toupper((unsigned char)hex[i]);
		return sid;
	}
	fclose(f);
	errno = ENOENT;
	return NULL;
}
