// SPDX-License-Identifier: GPL-2.0
/*
 * chanbind: channel binding of a tcpcrypt session to a shared secret.
 *
 *   chanbind -l PORT (-s SECRET | -f FILE)		server, one client
 *   chanbind HOST PORT (-s SECRET | -f FILE)		client
 *
 * tcpcrypt alone stops eavesdroppers, not a man in the middle: he runs one
 * handshake with each end, and the two ends then see different session
 * IDs. Both ends prove to each other that they know the secret *for this
 * session ID*: each sends HMAC-SHA256(secret, ROLE || session ID), ROLE
 * being "client" or "server" (so that one end's proof cannot be reflected
 * back as the other's), and checks the peer's in constant time. A man in
 * the middle cannot make a proof for the session ID the peer sees without
 * the secret, so the check fails and both ends refuse to go on.
 * Encryption is required (TCP_CRYPT_CMODE_ALWAYS): without it there is no
 * session ID to bind. The secret is never sent.
 *
 * Exit status: 0 bound, 1 error, 2 the proofs differ (different secret or
 * a man in the middle).
 * Build: cc $(pkg-config --cflags libtcpcrypt) -o chanbind examples/chanbind.c \
 *	      $(pkg-config --libs libtcpcrypt libcrypto)
 */
#include <errno.h>
#include <libtcpcrypt.h>
#include <netdb.h>
#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#define PROOF_LEN	32	/* SHA-256 */
#define SECRET_MAX	4096

static int fail(const char *what)
{
	fprintf(stderr, "chanbind: %s: %s\n", what, strerror(errno));
	return 1;
}

/* HMAC-SHA256(secret, role || sid). */
static int proof(const void *secret, size_t slen, const char *role,
		 const uint8_t *sid, uint8_t out[PROOF_LEN])
{
	uint8_t msg[16 + TCP_CRYPT_SESSID_LEN];
	size_t rlen = strlen(role);
	unsigned int len = PROOF_LEN;

	memcpy(msg, role, rlen);
	memcpy(msg + rlen, sid, TCP_CRYPT_SESSID_LEN);
	return HMAC(EVP_sha256(), secret, slen, msg, rlen + TCP_CRYPT_SESSID_LEN,
		    out, &len) && len == PROOF_LEN ? 0 : -1;
}

static int read_full(int fd, uint8_t *buf, size_t len)
{
	ssize_t n;

	while (len) {
		n = read(fd, buf, len);
		if (n <= 0) {
			if (!n)
				errno = ECONNRESET;
			return -1;
		}
		buf += n;
		len -= n;
	}
	return 0;
}

/* Connect to HOST PORT, or accept one client on PORT; encryption required. */
static int open_conn(const char *host, const char *port)
{
	struct addrinfo hints = { .ai_socktype = SOCK_STREAM }, *ai;
	int fd, c, one = 1, err;

	if (!host)
		hints.ai_flags = AI_PASSIVE;
	hints.ai_family = host ? AF_UNSPEC : AF_INET6;
	err = getaddrinfo(host, port, &hints, &ai);
	if (err) {
		fprintf(stderr, "chanbind: %s: %s\n", host ? host : port, gai_strerror(err));
		return -1;
	}
	fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
	if (fd < 0 || tcpcrypt_require(fd)) {
		fail("tcpcrypt");
		goto out;
	}
	if (host) {
		if (connect(fd, ai->ai_addr, ai->ai_addrlen))
			goto bad;
	} else {
		if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one)) ||
		    bind(fd, ai->ai_addr, ai->ai_addrlen) || listen(fd, 1))
			goto bad;
		c = accept(fd, NULL, NULL);
		if (c < 0)
			goto bad;
		close(fd);
		fd = c;
	}
	freeaddrinfo(ai);
	return fd;
bad:
	fail(host ? "connect" : "listen");
out:
	if (fd >= 0)
		close(fd);
	freeaddrinfo(ai);
	return -1;
}

static ssize_t load_secret(const char *file, char *buf)
{
	FILE *f = fopen(file, "re");
	size_t n;

	if (!f)
		return -1;
	n = fread(buf, 1, SECRET_MAX, f);
	fclose(f);
	return n;
}

int main(int argc, char **argv)
{
	uint8_t sid[TCP_CRYPT_SESSID_LEN], mine[PROOF_LEN], theirs[PROOF_LEN],
		want[PROOF_LEN];
	const char *host = NULL, *port = NULL, *me, *peer;
	char secret[SECRET_MAX], hex[TCPCRYPT_SESSID_HEX_LEN];
	ssize_t slen = -1;
	int opt, fd;

	while ((opt = getopt(argc, argv, "l:s:f:")) != -1) {
		if (opt == 'l') {
			port = optarg;
		} else if (opt == 's') {
			slen = strlen(optarg);
			if (slen > SECRET_MAX)
				goto usage;
			memcpy(secret, optarg, slen);
		} else if (opt == 'f') {
			slen = load_secret(optarg, secret);
			if (slen < 0)
				return fail(optarg);
		} else {
			goto usage;
		}
	}
	if (!port && optind == argc - 2) {
		host = argv[optind];
		port = argv[optind + 1];
	} else if (!port || optind != argc) {
		goto usage;
	}
	if (slen < 1) {
		fprintf(stderr, "chanbind: the secret is empty\n");
		return 1;
	}
	me = host ? "client" : "server";
	peer = host ? "server" : "client";

	fd = open_conn(host, port);
	if (fd < 0)
		return 1;
	if (tcpcrypt_sessid(fd, sid))
		return fail("session ID");
	if (proof(secret, slen, me, sid, mine) || proof(secret, slen, peer, sid, want)) {
		fprintf(stderr, "chanbind: HMAC-SHA256 failed\n");
		return 1;
	}
	/* Both send first, then read: neither waits for the other's proof. */
	if (write(fd, mine, sizeof(mine)) != sizeof(mine))
		return fail("send");
	if (read_full(fd, theirs, sizeof(theirs)))
		return fail("receive");
	tcpcrypt_format_hex(sid, sizeof(sid), hex, sizeof(hex));
	if (CRYPTO_memcmp(theirs, want, sizeof(want))) {
		fprintf(stderr, "chanbind: MISMATCH: the %s's proof for session %s is wrong: "
			"it does not know the secret, or a man in the middle holds a "
			"different session. Closing.\n", peer, hex);
		return 2;
	}
	printf("bound: session %s, the %s knows the secret\n", hex, peer);
	close(fd);
	return 0;
usage:
	fprintf(stderr, "usage: chanbind -l PORT (-s SECRET | -f FILE)\n"
		"       chanbind HOST PORT (-s SECRET | -f FILE)\n");
	return 1;
}
