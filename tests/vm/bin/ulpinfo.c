// SPDX-License-Identifier: GPL-2.0
/*
 * ulpinfo: what a user and an administrator learn of a connection's
 * encryption (include/uapi/linux/tcpcrypt.h, "Visibility").
 *
 *   ulpinfo serve PORT SECS      accept one connection on a socket without
 *   ulpinfo conn HOST PORT SECS  the ULP (or make one), exchange a byte,
 *                                then attach the ULP to the connected
 *                                socket and print what TCP_CRYPT_CONF and
 *                                TCP_CRYPT_SESSID say; keep the connection
 *                                SECS seconds, then close it
 *   ulpinfo diag PORT            dump TCP sockets with PORT at either end
 *                                through NETLINK_SOCK_DIAG; print the
 *                                tcpcrypt ULP details of each that has them
 *
 * serve/conn print "encrypted pubkey=0x.. suite=0x.. role=R resumed=N
 * sid=HEX" or "plain" (ENODATA); diag prints one "sock SPORT DPORT ..."
 * line per socket, "state=S role=R pubkey=0x.. suite=0x.. resumed=N
 * sid=HEX" with what the module gave (fields absent are left out).
 * HOST is an IPv4 literal. Errors name the failing call and exit 1.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/inet_diag.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <linux/sock_diag.h>
#include <linux/tcpcrypt.h>

#ifndef TCP_ULP
#define TCP_ULP 31
#endif

static void die(const char *what)
{
	fprintf(stderr, "ulpinfo: %s: %s\n", what, strerror(errno));
	exit(1);
}

static void hex(const unsigned char *p, size_t n)
{
	while (n--)
		printf("%02x", *p++);
}

/* Attach the ULP to a connected socket, then ask it about its connection. */
static void report(int s)
{
	struct tcp_crypt_conf conf;
	unsigned char sid[TCP_CRYPT_SESSID_LEN];
	socklen_t len = sizeof(conf);

	if (setsockopt(s, IPPROTO_TCP, TCP_ULP, TCP_CRYPT_ULP_NAME,
		       sizeof(TCP_CRYPT_ULP_NAME)))
		die("setsockopt TCP_ULP");
	if (getsockopt(s, IPPROTO_TCP, TCP_CRYPT_CONF, &conf, &len)) {
		if (errno != ENODATA)
			die("getsockopt TCP_CRYPT_CONF");
		printf("plain\n");
		return;
	}
	len = sizeof(sid);
	if (getsockopt(s, IPPROTO_TCP, TCP_CRYPT_SESSID, sid, &len))
		die("getsockopt TCP_CRYPT_SESSID");
	printf("encrypted pubkey=0x%x suite=0x%x role=%u resumed=%u sid=",
	       conf.pubkey, conf.suite, conf.role, conf.resumed);
	hex(sid, len);
	printf("\n");
}

static void exchange(int s, int secs, int serving)
{
	char c = 'x';

	/* A byte each way: both handshakes are over when it has arrived. */
	if (serving) {
		if (read(s, &c, 1) != 1 || write(s, &c, 1) != 1)
			die("exchange");
	} else if (write(s, &c, 1) != 1 || read(s, &c, 1) != 1) {
		die("exchange");
	}
	report(s);
	fflush(stdout);
	sleep(secs);
	close(s);
}

static void serve(int port, int secs)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	int one = 1, l, s;

	l = socket(AF_INET, SOCK_STREAM, 0);
	if (l < 0)
		die("socket");
	setsockopt(l, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(l, (struct sockaddr *)&a, sizeof(a)) || listen(l, 1))
		die("bind/listen");
	s = accept(l, NULL, NULL);
	if (s < 0)
		die("accept");
	close(l);
	exchange(s, secs, 1);
}

static void conn(const char *host, int port, int secs)
{
	struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons(port) };
	int s;

	if (inet_pton(AF_INET, host, &a.sin_addr) != 1) {
		fprintf(stderr, "ulpinfo: not an IPv4 address: %s\n", host);
		exit(2);
	}
	s = socket(AF_INET, SOCK_STREAM, 0);
	if (s < 0)
		die("socket");
	if (connect(s, (struct sockaddr *)&a, sizeof(a)))
		die("connect");
	exchange(s, secs, 0);
}

/* The tcpcrypt nest inside INET_DIAG_ULP_INFO, printed. */
static void print_tcpcrypt(struct rtattr *nest)
{
	int len = RTA_PAYLOAD(nest);
	struct rtattr *a;

	for (a = RTA_DATA(nest); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		unsigned char *d = RTA_DATA(a);

		switch (a->rta_type) {
		case TCPCRYPT_ULP_INFO_A_STATE:
			printf(" state=%u", d[0]);
			break;
		case TCPCRYPT_ULP_INFO_A_ROLE:
			printf(" role=%u", d[0]);
			break;
		case TCPCRYPT_ULP_INFO_A_PUBKEY:
			printf(" pubkey=0x%x", *(unsigned int *)d);
			break;
		case TCPCRYPT_ULP_INFO_A_SUITE:
			printf(" suite=0x%x", *(unsigned int *)d);
			break;
		case TCPCRYPT_ULP_INFO_A_RESUMED:
			printf(" resumed=%u", d[0]);
			break;
		case TCPCRYPT_ULP_INFO_A_SID_PREFIX:
			printf(" sid=");
			hex(d, RTA_PAYLOAD(a));
			break;
		}
	}
}

static void print_sock(struct inet_diag_msg *m, int len)
{
	struct rtattr *a, *u;
	int ulen;

	printf("sock %u %u", ntohs(m->id.idiag_sport), ntohs(m->id.idiag_dport));
	for (a = (struct rtattr *)(m + 1); RTA_OK(a, len); a = RTA_NEXT(a, len)) {
		if (a->rta_type != INET_DIAG_ULP_INFO)
			continue;
		ulen = RTA_PAYLOAD(a);
		for (u = RTA_DATA(a); RTA_OK(u, ulen); u = RTA_NEXT(u, ulen)) {
			if (u->rta_type == INET_ULP_INFO_NAME)
				printf(" ulp=%s", (char *)RTA_DATA(u));
			else if (u->rta_type == TCPCRYPT_INET_ULP_INFO)
				print_tcpcrypt(u);
		}
	}
	printf("\n");
}

static void diag(int port)
{
	struct {
		struct nlmsghdr nh;
		struct inet_diag_req_v2 r;
	} req = {
		.nh = {
			.nlmsg_len = sizeof(req),
			.nlmsg_type = SOCK_DIAG_BY_FAMILY,
			.nlmsg_flags = NLM_F_REQUEST | NLM_F_DUMP,
		},
		.r = {
			.sdiag_family = AF_INET,
			.sdiag_protocol = IPPROTO_TCP,
			.idiag_ext = 1 << (INET_DIAG_INFO - 1),
			.idiag_states = ~0U,
		},
	};
	static char buf[65536];
	int s, n;

	s = socket(AF_NETLINK, SOCK_RAW, NETLINK_SOCK_DIAG);
	if (s < 0)
		die("socket NETLINK_SOCK_DIAG");
	if (send(s, &req, sizeof(req), 0) < 0)
		die("send");
	for (;;) {
		struct nlmsghdr *h = (struct nlmsghdr *)buf;

		n = recv(s, buf, sizeof(buf), 0);
		if (n < 0)
			die("recv");
		for (; NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
			struct inet_diag_msg *m = NLMSG_DATA(h);

			if (h->nlmsg_type == NLMSG_DONE)
				return;
			if (h->nlmsg_type == NLMSG_ERROR) {
				errno = -((struct nlmsgerr *)m)->error;
				die("dump");
			}
			if (ntohs(m->id.idiag_sport) == port ||
			    ntohs(m->id.idiag_dport) == port)
				print_sock(m, h->nlmsg_len - NLMSG_LENGTH(sizeof(*m)));
		}
	}
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "serve"))
		serve(atoi(argv[2]), atoi(argv[3]));
	else if (argc == 5 && !strcmp(argv[1], "conn"))
		conn(argv[2], atoi(argv[3]), atoi(argv[4]));
	else if (argc == 3 && !strcmp(argv[1], "diag"))
		diag(atoi(argv[2]));
	else {
		fprintf(stderr, "usage: ulpinfo serve PORT SECS | conn HOST PORT SECS | diag PORT\n");
		return 2;
	}
	return 0;
}
