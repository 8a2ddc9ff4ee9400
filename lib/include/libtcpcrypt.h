/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * libtcpcrypt: what an application needs to use tcpcrypt on its sockets.
 *
 * A thin layer over the TCP_CRYPT_* socket options of <linux/tcpcrypt.h>
 * (the "tcpcrypt" TCP ULP): attach it, demand encryption, read the session
 * ID and what protects the connection, by the names the kernel uses.
 *
 *	int fd = socket(AF_INET, SOCK_STREAM, 0);
 *	char hex[TCPCRYPT_SESSID_HEX_LEN];
 *
 *	if (tcpcrypt_require(fd) || connect(fd, ...) ||
 *	    tcpcrypt_sessid_hex(fd, hex, sizeof(hex)))
 *		... errno says why ...
 *
 * Every function that returns int returns 0 (or the documented value) on
 * success and -1 with errno set on failure; nothing else is changed then.
 * The functions keep no state and are thread-safe; they block only where the
 * socket option does (TCP_CRYPT_SESSID waits for the handshake). Link with
 * -ltcpcrypt (pkg-config libtcpcrypt).
 *
 * Do not include this together with <tcpcrypt/tcpcrypt.h>, v0.2's API, whose
 * option names are the same words with other values.
 */
#ifndef LIBTCPCRYPT_H
#define LIBTCPCRYPT_H

#include <stddef.h>
#include <stdint.h>
#include <linux/tcpcrypt.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bytes of the hex form of a session ID, its terminating NUL included. */
#define TCPCRYPT_SESSID_HEX_LEN	(2 * TCP_CRYPT_SESSID_LEN + 1)

/*
 * tcpcrypt_attach: attach the "tcpcrypt" ULP to a TCP socket. Before
 * connect() or listen() it lets the socket options below steer the
 * handshake; afterwards it only gives access to the session. Attaching
 * twice is not an error.
 * Errors: ENOENT the module is not loaded (only CAP_NET_ADMIN loads it on
 * demand); EEXIST the socket has another ULP (kTLS, MPTCP); EOPNOTSUPP not
 * a TCP socket over IPv4/IPv6; EBADF, ENOTSOCK as for setsockopt().
 */
int tcpcrypt_attach(int fd);

/*
 * tcpcrypt_require: attach and set TCP_CRYPT_CMODE_ALWAYS, so that the
 * connection fails rather than go on in plaintext (connect() then fails with
 * ECONNREFUSED; a listener resets such clients). Call it before connect()
 * or listen(). Errors: those of tcpcrypt_attach; EISCONN when the socket is
 * already connected.
 */
int tcpcrypt_require(int fd);

/*
 * tcpcrypt_sessid: the connection's session ID, TCP_CRYPT_SESSID_LEN bytes
 * into sid. Waits for a handshake in progress (see TCP_CRYPT_SESSID).
 * Errors: those of tcpcrypt_attach; ENODATA the connection is not
 * encrypted; ENOTCONN not connected; ECONNABORTED the handshake failed;
 * EAGAIN, EINTR, ETIMEDOUT while waiting.
 */
int tcpcrypt_sessid(int fd, uint8_t sid[TCP_CRYPT_SESSID_LEN]);

/*
 * tcpcrypt_sessid_hex: the session ID as lowercase hex, NUL-terminated, as
 * /proc/net/tcpcrypt_conns and tcpcryptctl show it. len must be at least
 * TCPCRYPT_SESSID_HEX_LEN (ERANGE otherwise); errors of tcpcrypt_sessid.
 */
int tcpcrypt_sessid_hex(int fd, char *buf, size_t len);

/*
 * tcpcrypt_format_hex: n bytes as lowercase hex into buf, NUL-terminated.
 * Returns the number of characters written without the NUL (2 * n);
 * ERANGE when len < 2 * n + 1 (buf is left alone), EINVAL for a NULL
 * pointer.
 */
int tcpcrypt_format_hex(const uint8_t *bytes, size_t n, char *buf, size_t len);

/*
 * tcpcrypt_encrypted: 1 when the connection is encrypted by tcpcrypt, 0
 * when it is plain (the peer or this host has no tcpcrypt, or it was
 * switched off), -1 with errno on any other error (ENOTCONN,
 * ECONNABORTED, ...). Waits for a handshake as tcpcrypt_sessid.
 */
int tcpcrypt_encrypted(int fd);

/*
 * tcpcrypt_conf: the negotiated public-key cipher and suite, the role and
 * whether the session was resumed (struct tcp_crypt_conf). Waits and fails
 * as tcpcrypt_sessid.
 */
int tcpcrypt_conf(int fd, struct tcp_crypt_conf *conf);

/*
 * Names of the public-key ciphers (TCP_CRYPT_PK_*: "p256", "x25519",
 * "rsa3") and the symmetric suites (TCP_CRYPT_SYM_*: "chacha20",
 * "aes128"), spelt as the kernel and tcpcryptctl spell them. NULL with
 * errno EINVAL for an id they do not know; tcp_crypt_conf.pubkey is 0 for a
 * resumed session, which has no public-key cipher.
 */
const char *tcpcrypt_pubkey_name(uint32_t id);
const char *tcpcrypt_suite_name(uint32_t id);

/* The reverse: the id of a name, 0 with errno EINVAL for an unknown one. */
uint32_t tcpcrypt_pubkey_id(const char *name);
uint32_t tcpcrypt_suite_id(const char *name);

#ifdef __cplusplus
}
#endif

#endif /* LIBTCPCRYPT_H */
