// SPDX-License-Identifier: GPL-2.0
/*
 * rawtcp: send one TCP segment from a raw socket (CAP_NET_RAW), as a
 * process that is not the connection's socket could, for fc_raw_sock.
 *
 *   rawtcp SRC DST SPORT DPORT SEQ ACK TEXT
 *
 * SRC and DST are IPv4 or IPv6 literals of the same family; the segment
 * has the ACK and PSH flags, window 65535, no options and TEXT as payload.
 * The kernel adds the IP header; the TCP checksum is computed here.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static uint32_t csum_add(uint32_t sum, const unsigned char *p, size_t n)
{
	for (; n > 1; n -= 2, p += 2)
		sum += (p[0] << 8) | p[1];
	if (n)
		sum += p[0] << 8;
	return sum;
}

static void put32(unsigned char *p, uint32_t v)
{
	p[0] = v >> 24;
	p[1] = v >> 16;
	p[2] = v >> 8;
	p[3] = v;
}

int main(int argc, char **argv)
{
	unsigned char seg[1500], ph[40] = { 0 };
	struct sockaddr_storage ss = { 0 };
	size_t plen, tlen, phl, alen;
	int fam, fd, sport, dport;
	uint32_t sum;

	if (argc != 8) {
		fprintf(stderr, "usage: rawtcp SRC DST SPORT DPORT SEQ ACK TEXT\n");
		return 1;
	}
	fam = strchr(argv[1], ':') ? AF_INET6 : AF_INET;
	alen = fam == AF_INET ? 4 : 16;
	plen = strlen(argv[7]);
	if (plen > sizeof(seg) - 20) {
		fprintf(stderr, "rawtcp: payload too long\n");
		return 1;
	}
	if (inet_pton(fam, argv[1], ph) != 1 || inet_pton(fam, argv[2], ph + alen) != 1) {
		fprintf(stderr, "rawtcp: bad addresses\n");
		return 1;
	}
	sport = atoi(argv[3]);
	dport = atoi(argv[4]);
	memset(seg, 0, 20);
	seg[0] = sport >> 8;
	seg[1] = sport;
	seg[2] = dport >> 8;
	seg[3] = dport;
	put32(seg + 4, strtoul(argv[5], NULL, 0));
	put32(seg + 8, strtoul(argv[6], NULL, 0));
	seg[12] = 5 << 4;
	seg[13] = 0x18;		/* PSH ACK */
	seg[14] = 0xff;
	seg[15] = 0xff;
	memcpy(seg + 20, argv[7], plen);
	tlen = 20 + plen;
	if (fam == AF_INET) {
		ph[9] = IPPROTO_TCP;
		ph[10] = tlen >> 8;
		ph[11] = tlen;
		phl = 12;
	} else {
		ph[34] = tlen >> 8;
		ph[35] = tlen;
		ph[39] = IPPROTO_TCP;
		phl = 40;
	}
	sum = csum_add(csum_add(0, ph, phl), seg, tlen);
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	sum = ~sum & 0xffff;
	seg[16] = sum >> 8;
	seg[17] = sum;

	fd = socket(fam, SOCK_RAW, IPPROTO_TCP);
	if (fd < 0) {
		perror("rawtcp: socket");
		return 1;
	}
	if (fam == AF_INET) {
		struct sockaddr_in *sin = (struct sockaddr_in *)&ss;

		sin->sin_family = AF_INET;
		memcpy(&sin->sin_addr, ph + 4, 4);
	} else {
		struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;

		sin6->sin6_family = AF_INET6;
		memcpy(&sin6->sin6_addr, ph + 16, 16);
	}
	/* The source address: bind to it (the kernel fills the IP header). */
	{
		struct sockaddr_storage src = ss;

		if (fam == AF_INET)
			memcpy(&((struct sockaddr_in *)&src)->sin_addr, ph, 4);
		else
			memcpy(&((struct sockaddr_in6 *)&src)->sin6_addr, ph, 16);
		if (bind(fd, (struct sockaddr *)&src, sizeof(src))) {
			perror("rawtcp: bind");
			return 1;
		}
	}
	if (sendto(fd, seg, tlen, 0, (struct sockaddr *)&ss, sizeof(ss)) != (ssize_t)tlen) {
		perror("rawtcp: sendto");
		return 1;
	}
	fprintf(stderr, "rawtcp: sent %zu bytes of payload %s.%d > %s.%d\n",
		plen, argv[1], sport, argv[2], dport);
	return 0;
}
