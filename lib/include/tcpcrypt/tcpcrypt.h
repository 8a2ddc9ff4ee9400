/* SPDX-License-Identifier: LGPL-2.1 */
/*
 * v0.2's API: the interface of tcpcryptd 0.2's libtcpcrypt, under the name
 * its programs include, so that they build unchanged against this library
 * and the kernel module instead of the daemon. docs/LIBRARY.md maps each
 * option onto the module's socket options.
 *
 * Options (level IPPROTO_TCP; anything else fails with EINVAL):
 *   TCP_CRYPT_ENABLE      int, get/set: 0 keeps the socket's connections
 *                         plain (before connect()/listen()).
 *   TCP_CRYPT_CMODE       int, get/set: 1 the connection must be encrypted
 *                         or fail, 0 the default (before connect()/listen()).
 *   TCP_CRYPT_SESSID      get: the session ID, truncated to *optlen, which
 *                         is set to the bytes written (at most
 *                         TCPCRYPT_SID_MAXLEN). ENODATA when not encrypted.
 *   TCP_CRYPT_APP_SUPPORT set int (1 this application checks the session
 *                         ID, 2 and requires the peer's to), before
 *                         connect(); get: one byte, 1 if the peer's
 *                         application announced it, then the session ID
 *                         (*optlen >= 1 + TCPCRYPT_SID_MAXLEN, else EINVAL).
 *   TCP_CRYPT_NOCACHE     int, get/set: 1 neither resumes a cached session
 *                         nor caches this one (before connect()/listen()).
 *   TCP_CRYPT_RSA_KEY, TCP_CRYPT_RESET, TCP_CRYPT_NETSTAT: daemon-only, no
 *                         per-socket equivalent: ENOPROTOOPT. The
 *                         connection list is /proc/net/tcpcrypt_conns
 *                         (tcpcryptctl show), read by tcpcrypt_getsessid().
 * The functions return 0, or -1 with errno: that of the kernel's option
 * (see <linux/tcpcrypt.h>), EINVAL for a set optlen other than an int's,
 * EFAULT for a NULL pointer. The "tcpcrypt" ULP is attached on first use.
 *
 * tcpcrypt_getsessid() looks a connection up by its remote address and port
 * (and the local ones unless local_ip is NULL or "" and local_port 0) and
 * returns its session ID as uppercase hex, as v0.2 did, in a static buffer
 * that the next call overwrites; NULL with errno ENOENT when no encrypted
 * connection matches, EINVAL for an address that is not IPv4 or IPv6,
 * EACCES unless root (the list is root's only).
 * tcpcrypt_setparam() accepts and ignores TCPCRYPT_PARAM_CTLPATH: there is
 * no daemon to talk to.
 *
 * Do not include this together with <linux/tcpcrypt.h> or <libtcpcrypt.h>:
 * v0.2's option names are the same words with other values.
 */
#ifndef __TCPCRYPT_TCPCRYPT_H__
#define __TCPCRYPT_TCPCRYPT_H__

#if defined(TCP_CRYPT_ENABLE) || defined(TCP_CRYPT_CMODE) || defined(TCP_CRYPT_SESSID)
#error "<tcpcrypt/tcpcrypt.h> is v0.2's API: use it without <linux/tcpcrypt.h> and <libtcpcrypt.h>"
#endif

#include <stdint.h>
#include <sys/socket.h>

#ifdef __cplusplus
extern "C" {
#endif

#define TCPCRYPT_SID_MAXLEN	32

/* v0.2's option numbers, which its binaries pass at run time. */
enum {
	TCP_CRYPT_ENABLE	= 0,
	TCP_CRYPT_CMODE		= 1,
	TCP_CRYPT_SESSID	= 2,
	TCP_CRYPT_RSA_KEY	= 3,
	TCP_CRYPT_APP_SUPPORT	= 15,
	TCP_CRYPT_RESET		= 100,
	TCP_CRYPT_NOCACHE	= 101,
	TCP_CRYPT_NETSTAT	= 102,
};

enum {
	TCPCRYPT_PARAM_CTLPATH	= 0,
};

void tcpcrypt_setparam(int param, void *val);

int tcpcrypt_getsockopt(int s, int level, int optname, void *optval,
			socklen_t *optlen);
int tcpcrypt_setsockopt(int s, int level, int optname, const void *optval,
			socklen_t optlen);

char *tcpcrypt_getsessid(char *remote_ip, uint16_t remote_port,
			 char *local_ip, uint16_t local_port);

#ifdef __cplusplus
}
#endif

#endif /* __TCPCRYPT_TCPCRYPT_H__ */
