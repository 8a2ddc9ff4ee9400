// SPDX-License-Identifier: GPL-2.0
/*
 * ktls: one-stream bulk throughput, over plain TCP or kernel TLS 1.3 with
 * keys set directly (no handshake), for make bench.
 *
 *   ktls -l PORT [-c CIPHER]          server: each connection in turn,
 *                                     read until EOF, then close
 *   ktls HOST PORT -t SECS [-c CIPHER] client: write for SECS seconds,
 *                                     shut down, wait for the server's
 *                                     close; print "MB/s" (10^6 bytes
 *                                     over the whole time, drain included)
 *                                     and the local address, by which the
 *                                     connection can be found afterwards
 *
 * CIPHER: none (default), aes128gcm or chacha20. Both ends use the same
 * fixed test key: the rows compare ciphers, not key agreement.
 */
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <arpa/inet.h>
#include <linux/tls.h>
#include <time.h>
#include <unistd.h>

#ifndef SOL_TLS
#define SOL_TLS 282
#endif

#define BUFSZ 65536

static void die(const char *what)
{
	perror(what);
	exit(1);
}

/*
 * Turn on kTLS in direction TLS_TX or TLS_RX with the fixed test key;
 * 0, or -1 with the reason printed (ENOENT from TLS_TX/RX: the kernel
 * lacks the cipher's AEAD, e.g. gcm.ko).
 */
static int set_tls(int fd, const char *cipher, int dir)
{
	union {
		struct tls12_crypto_info_aes_gcm_128 gcm;
		struct tls12_crypto_info_chacha20_poly1305 chacha;
	} ci;
	socklen_t len;

	if (!strcmp(cipher, "none"))
		return 0;
	memset(&ci, 0x5a, sizeof(ci));
	if (!strcmp(cipher, "aes128gcm")) {
		ci.gcm.info.version = TLS_1_3_VERSION;
		ci.gcm.info.cipher_type = TLS_CIPHER_AES_GCM_128;
		memset(ci.gcm.rec_seq, 0, sizeof(ci.gcm.rec_seq));
		len = sizeof(ci.gcm);
	} else if (!strcmp(cipher, "chacha20")) {
		ci.chacha.info.version = TLS_1_3_VERSION;
		ci.chacha.info.cipher_type = TLS_CIPHER_CHACHA20_POLY1305;
		memset(ci.chacha.rec_seq, 0, sizeof(ci.chacha.rec_seq));
		len = sizeof(ci.chacha);
	} else {
		fprintf(stderr, "ktls: unknown cipher %s (none, aes128gcm, chacha20)\n", cipher);
		exit(2);
	}
	/* The ULP is attached once per socket; the server's RX is its only one. */
	if (setsockopt(fd, IPPROTO_TCP, TCP_ULP, "tls", sizeof("tls"))) {
		perror("ktls: setsockopt TCP_ULP tls");
		return -1;
	}
	if (setsockopt(fd, SOL_TLS, dir, &ci, len)) {
		fprintf(stderr, "ktls: setsockopt %s %s: %s\n", dir == TLS_TX ? "TLS_TX" : "TLS_RX",
			cipher, strerror(errno));
		return -1;
	}
	return 0;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void __attribute__((noreturn)) serve(const char *port, const char *cipher)
{
	struct sockaddr_in sa = { .sin_family = AF_INET };
	static char buf[BUFSZ];
	int one = 1, ls;

	sa.sin_port = htons(atoi(port));
	ls = socket(AF_INET, SOCK_STREAM, 0);
	if (ls < 0)
		die("socket");
	setsockopt(ls, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(ls, (struct sockaddr *)&sa, sizeof(sa)) || listen(ls, 16))
		die("bind/listen");
	for (;;) {
		int fd = accept(ls, NULL, NULL);
		ssize_t n;

		if (fd < 0) {
			if (errno == EINTR || errno == ECONNABORTED)
				continue;
			die("accept");
		}
		/* A connection that cannot have kTLS is dropped, not served. */
		if (!set_tls(fd, cipher, TLS_RX)) {
			while ((n = read(fd, buf, sizeof(buf))) > 0)
				;
			if (n < 0)
				perror("ktls: read");
		}
		close(fd);
	}
}

int main(int argc, char **argv)
{
	const char *cipher = "none", *listen_port = NULL;
	struct addrinfo hints = { .ai_family = AF_INET, .ai_socktype = SOCK_STREAM };
	struct addrinfo *peer;
	struct sockaddr_in local;
	socklen_t local_len = sizeof(local);
	static char buf[BUFSZ];
	double secs = 4, t0, t1;
	unsigned long long sent = 0;
	int c, fd;

	while ((c = getopt(argc, argv, "l:c:t:")) != -1) {
		switch (c) {
		case 'l': listen_port = optarg; break;
		case 'c': cipher = optarg; break;
		case 't': secs = atof(optarg); break;
		default: goto usage;
		}
	}
	if (listen_port)
		serve(listen_port, cipher);
	if (argc - optind != 2 || secs <= 0)
		goto usage;
	if (getaddrinfo(argv[optind], argv[optind + 1], &hints, &peer))
		die("getaddrinfo");
	fd = socket(AF_INET, SOCK_STREAM, 0);
	if (fd < 0 || connect(fd, peer->ai_addr, peer->ai_addrlen))
		die("connect");
	if (getsockname(fd, (struct sockaddr *)&local, &local_len))
		die("getsockname");
	if (set_tls(fd, cipher, TLS_TX))
		return 1;
	memset(buf, 0xa5, sizeof(buf));
	t0 = now();
	do {
		ssize_t n = write(fd, buf, sizeof(buf));

		if (n < 0)
			die("write");
		sent += n;
	} while (now() - t0 < secs);
	/* Count the time the receiver needs for what is still in flight. */
	if (shutdown(fd, SHUT_WR))
		die("shutdown");
	while (read(fd, buf, sizeof(buf)) > 0)
		;
	t1 = now();
	printf("%.2f MB/s (%llu bytes in %.2f s) local %s:%u\n", sent / (t1 - t0) / 1e6, sent,
	       t1 - t0, inet_ntoa(local.sin_addr), ntohs(local.sin_port));
	return 0;
usage:
	fprintf(stderr, "usage: ktls -l PORT [-c CIPHER] | ktls HOST PORT [-t SECS] [-c CIPHER]\n");
	return 2;
}
