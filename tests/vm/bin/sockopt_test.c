// SPDX-License-Identifier: GPL-2.0
/*
 * sockopt_test: the TCP_CRYPT_* socket options, both ends at once.
 *
 *   sockopt_test 4|6        run every check over IPv4 or IPv6
 *   sockopt_test hold 4|6   keep one ULP connection a->b open for 5 s
 *                           (for ss -ti), printing "ready" once it is up
 *   sockopt_test resume 4|6 session resumption: chains, TCP_CRYPT_CACHE_FLUSH
 *                           and the _NK modes, both ends checked
 *   sockopt_test attach     attach the ULP to a new socket in the current
 *                           namespace: exit 0 if it attached, 1 if not
 *
 * The namespaces come from the VM test (sockopt.sh): a (client), b (with
 * tcpcrypt, 10.0.0.2 / fd00::2) and p (tcpcrypt off, 10.0.1.2 / fd01::2).
 * A socket keeps the namespace it was made in, so one thread makes the
 * listener in b or p, then the client in a, and checks both ends.
 * Prints a line per check; exits 1 if any failed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/capability.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/tcpcrypt.h>
#include <netinet/in.h>
#include <netinet/ip.h>
#include <netinet/ip6.h>
#include <netinet/tcp.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <poll.h>
#include <sched.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef TCP_ULP
#define TCP_ULP 31
#endif

static int fam = AF_INET;
static int failures, checks;
static unsigned short next_port = 7100;

static void check(int ok, const char *fmt, ...)
{
	va_list ap;

	checks++;
	if (!ok)
		failures++;
	printf("%s: ", ok ? "ok" : "FAIL");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf(" (IPv%d)\n", fam == AF_INET ? 4 : 6);
	fflush(stdout);
}

static void die(const char *what)
{
	fprintf(stderr, "sockopt_test: %s: %s\n", what, strerror(errno));
	exit(2);
}

static void enter_ns(const char *ns)
{
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/run/netns/%s", ns);
	fd = open(path, O_RDONLY);
	if (fd < 0 || setns(fd, CLONE_NEWNET))
		die(path);
	close(fd);
}

/* The address of namespace b ("b") or p ("p"), port given. */
static socklen_t peer_addr(const char *ns, unsigned short port,
			   struct sockaddr_storage *ss)
{
	memset(ss, 0, sizeof(*ss));
	if (fam == AF_INET) {
		struct sockaddr_in *sin = (void *)ss;

		sin->sin_family = AF_INET;
		sin->sin_port = htons(port);
		inet_pton(AF_INET, ns[0] == 'b' ? "10.0.0.2" : "10.0.1.2",
			  &sin->sin_addr);
		return sizeof(*sin);
	} else {
		struct sockaddr_in6 *sin6 = (void *)ss;

		sin6->sin6_family = AF_INET6;
		sin6->sin6_port = htons(port);
		inet_pton(AF_INET6, ns[0] == 'b' ? "fd00::2" : "fd01::2",
			  &sin6->sin6_addr);
		return sizeof(*sin6);
	}
}

static int tcp_socket(void)
{
	int fd = socket(fam, SOCK_STREAM, 0), one = 1;

	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	return fd;
}

static int ulp(int fd)
{
	return setsockopt(fd, IPPROTO_TCP, TCP_ULP, TCP_CRYPT_ULP_NAME,
			  sizeof(TCP_CRYPT_ULP_NAME));
}

static int set_int(int fd, int opt, int val)
{
	return setsockopt(fd, IPPROTO_TCP, opt, &val, sizeof(val));
}

static int get_int(int fd, int opt)
{
	socklen_t len = sizeof(int);
	int val = -1;

	if (getsockopt(fd, IPPROTO_TCP, opt, &val, &len))
		return -errno - 1000;
	return val;
}

/* Settings applied to a socket before listen() or connect(). */
struct opts {
	int ulp;
	int cmode, cmode_set;
	int support;
	int securst;
	unsigned int npk, ncc, nsc;
	__u32 pk[4], cc[4], sc[4];
};

static void apply(int fd, const struct opts *o)
{
	if (!o || !o->ulp)
		return;
	if (ulp(fd))
		die("TCP_ULP");
	if (o->cmode_set && set_int(fd, TCP_CRYPT_CMODE, o->cmode))
		die("TCP_CRYPT_CMODE");
	if (o->support && set_int(fd, TCP_CRYPT_SUPPORT, o->support))
		die("TCP_CRYPT_SUPPORT");
	if (o->securst && set_int(fd, TCP_CRYPT_SECURST, 1))
		die("TCP_CRYPT_SECURST");
	if (o->npk && setsockopt(fd, IPPROTO_TCP, TCP_CRYPT_PKCONF, o->pk, 4 * o->npk))
		die("TCP_CRYPT_PKCONF");
	if (o->ncc && setsockopt(fd, IPPROTO_TCP, TCP_CRYPT_CCONF, o->cc, 4 * o->ncc))
		die("TCP_CRYPT_CCONF");
	if (o->nsc && setsockopt(fd, IPPROTO_TCP, TCP_CRYPT_SCONF, o->sc, 4 * o->nsc))
		die("TCP_CRYPT_SCONF");
}

static int listener(const char *ns, unsigned short port, const struct opts *o)
{
	struct sockaddr_storage ss;
	socklen_t len;
	int fd;

	enter_ns(ns);
	fd = tcp_socket();
	apply(fd, o);
	len = peer_addr(ns, port, &ss);
	if (bind(fd, (void *)&ss, len) || listen(fd, 16))
		die("bind/listen");
	enter_ns("a");
	return fd;
}

/* Connect from a; -errno on failure. */
static int client(const char *ns, unsigned short port, const struct opts *o)
{
	struct sockaddr_storage ss;
	socklen_t len = peer_addr(ns, port, &ss);
	struct timeval tv = { .tv_sec = 10 };
	int fd = tcp_socket();

	apply(fd, o);
	setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	if (connect(fd, (void *)&ss, len)) {
		int err = errno;

		close(fd);
		return -err;
	}
	return fd;
}

/* accept() with a time limit; -1 if nothing came. */
static int accept_within(int lfd, int ms)
{
	struct pollfd pfd = { .fd = lfd, .events = POLLIN };

	if (poll(&pfd, 1, ms) != 1)
		return -1;
	return accept(lfd, NULL, NULL);
}

/* One byte each way: the connection carries data intact. */
static int ping(int c, int s)
{
	char x = 'x', y = 0;

	if (write(c, &x, 1) != 1 || read(s, &y, 1) != 1 || y != 'x')
		return 0;
	x = 'y';
	if (write(s, &x, 1) != 1 || read(c, &y, 1) != 1 || y != 'y')
		return 0;
	return 1;
}

static int get_sessid(int fd, unsigned char *sid)
{
	socklen_t len = TCP_CRYPT_SESSID_LEN;

	if (getsockopt(fd, IPPROTO_TCP, TCP_CRYPT_SESSID, sid, &len))
		return -errno;
	return len == TCP_CRYPT_SESSID_LEN ? 0 : -EMSGSIZE;
}

static int get_conf(int fd, struct tcp_crypt_conf *conf)
{
	socklen_t len = sizeof(*conf);

	if (getsockopt(fd, IPPROTO_TCP, TCP_CRYPT_CONF, conf, &len))
		return -errno;
	return len == sizeof(*conf) ? 0 : -EMSGSIZE;
}

static int nonzero(const unsigned char *p, size_t n)
{
	while (n--)
		if (*p++)
			return 1;
	return 0;
}

/* ---- checks --------------------------------------------------------------- */

static void t_detect(void)
{
	int fd = tcp_socket(), v;
	socklen_t len = sizeof(v);

	check(getsockopt(fd, IPPROTO_TCP, TCP_CRYPT_ENABLE, &v, &len) &&
	      errno == ENOPROTOOPT, "without the ULP, TCP_CRYPT_ENABLE is ENOPROTOOPT");
	check(ulp(fd) == 0, "TCP_ULP \"tcpcrypt\" attaches to an unconnected socket");
	check(ulp(fd) && errno == EEXIST, "a second TCP_ULP is EEXIST");
	check(get_int(fd, TCP_CRYPT_ENABLE) == 1, "TCP_CRYPT_ENABLE defaults to 1");
	check(get_int(fd, TCP_CRYPT_CMODE) == TCP_CRYPT_CMODE_DEFAULT, "CMODE defaults to DEFAULT");
	check(get_int(fd, TCP_CRYPT_SECURST) == 0, "SECURST defaults to 0");
	check(get_int(fd, TCP_CRYPT_SUPPORT) == 0, "SUPPORT defaults to 0");
	v = 1;
	check(setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &v, sizeof(v)) == 0 &&
	      get_int(fd, TCP_NODELAY) == 1, "TCP_NODELAY still reaches TCP");
	check(get_int(fd, 9999) == -ENOPROTOOPT - 1000, "unknown TCP options still get ENOPROTOOPT");
	close(fd);
}

static void t_bad_input(void)
{
	unsigned char sid[32], buf[64];
	__u32 ids[5] = { TCP_CRYPT_PK_X25519, TCP_CRYPT_PK_P256 };
	struct sockaddr_un { unsigned short fam; char path[20]; } un = { AF_UNIX, "x" };
	socklen_t len;
	short s = 1;
	int fd = tcp_socket(), v;

	ulp(fd);
	check(setsockopt(fd, IPPROTO_TCP, TCP_CRYPT_CMODE, &s, sizeof(s)) && errno == EINVAL,
	      "a 2-byte int is EINVAL");
	check(set_int(fd, TCP_CRYPT_CMODE, 3) && errno == EINVAL, "CMODE 3 is EINVAL");
	check(set_int(fd, TCP_CRYPT_CMODE, 0x200) && errno == EINVAL, "CMODE 0x200 is EINVAL");
	check(set_int(fd, TCP_CRYPT_SUPPORT, 3) && errno == EINVAL, "SUPPORT 3 is EINVAL");
	check(set_int(fd, TCP_CRYPT_SECURST, 2) && errno == EINVAL, "SECURST 2 is EINVAL");
	check(set_int(fd, TCP_CRYPT_ENABLE, -1) && errno == EINVAL, "ENABLE -1 is EINVAL");
	check(get_int(fd, TCP_CRYPT_CMODE) == 0 && get_int(fd, TCP_CRYPT_SUPPORT) == 0,
	      "refused values change nothing");
	ids[1] = 0x777;
	check(setsockopt(fd, IPPROTO_TCP, TCP_CRYPT_PKCONF, ids, 8) && errno == EINVAL,
	      "an unknown public-key cipher is EINVAL");
	ids[1] = TCP_CRYPT_PK_X25519;
	check(setsockopt(fd, IPPROTO_TCP, TCP_CRYPT_PKCONF, ids, 8) && errno == EINVAL,
	      "a repeated cipher is EINVAL");
	check(setsockopt(fd, IPPROTO_TCP, TCP_CRYPT_PKCONF, ids, 20) && errno == EINVAL,
	      "five ciphers are EINVAL");
	check(setsockopt(fd, IPPROTO_TCP, TCP_CRYPT_PKCONF, ids, 3) && errno == EINVAL,
	      "a list of 3 bytes is EINVAL");
	ids[0] = TCP_CRYPT_PK_RSA3;
	check(setsockopt(fd, IPPROTO_TCP, TCP_CRYPT_PKCONF, ids, 4) && errno == EOPNOTSUPP,
	      "RSA without a loaded key is EOPNOTSUPP");
	ids[0] = TCP_CRYPT_PK_X25519;
	check(setsockopt(fd, IPPROTO_TCP, TCP_CRYPT_CCONF, ids, 4) && errno == EINVAL,
	      "a public-key id as a suite is EINVAL");
	len = sizeof(buf);
	v = getsockopt(fd, IPPROTO_TCP, TCP_CRYPT_PKCONF, buf, &len);
	check(v == 0 && len == 8, "PKCONF reads the namespace's two ciphers (got %u bytes)", len);
	len = 4;
	check(getsockopt(fd, IPPROTO_TCP, TCP_CRYPT_PKCONF, buf, &len) && errno == EINVAL &&
	      len == 8, "a short PKCONF buffer is EINVAL and says the size");
	len = sizeof(sid);
	check(getsockopt(fd, IPPROTO_TCP, TCP_CRYPT_SESSID, sid, &len) && errno == ENOTCONN,
	      "SESSID on an unconnected socket is ENOTCONN");
	len = 16;
	check(getsockopt(fd, IPPROTO_TCP, TCP_CRYPT_SESSID, sid, &len) && errno == EINVAL,
	      "SESSID into 16 bytes is EINVAL");
	check(setsockopt(fd, IPPROTO_TCP, TCP_CRYPT_SESSID, sid, 32) && errno == ENOPROTOOPT,
	      "setting SESSID is ENOPROTOOPT");
	len = sizeof(buf);
	check(getsockopt(fd, IPPROTO_TCP, TCP_CRYPT_CACHE_FLUSH, buf, &len) &&
	      errno == ENOPROTOOPT, "reading CACHE_FLUSH is ENOPROTOOPT");
	check(setsockopt(fd, IPPROTO_TCP, TCP_CRYPT_CACHE_FLUSH, NULL, 0) && errno == ENOTCONN,
	      "CACHE_FLUSH without a peer is ENOTCONN");
	check(setsockopt(fd, IPPROTO_TCP, TCP_CRYPT_CACHE_FLUSH, &un, sizeof(un)) &&
	      errno == EAFNOSUPPORT, "CACHE_FLUSH of an AF_UNIX address is EAFNOSUPPORT");
	check(setsockopt(fd, IPPROTO_TCP, TCP_CRYPT_CACHE_FLUSH, &un, 1) && errno == EINVAL,
	      "CACHE_FLUSH with 1 byte is EINVAL");
	close(fd);
}

/* Connect a->b with the settings given; check both ends agree. */
static void t_session(const char *what, const struct opts *so,
		      const struct opts *co, __u32 want_pk, __u32 want_suite,
		      int want_app)
{
	unsigned short port = next_port++;
	unsigned char sc[32], ss[32];
	struct tcp_crypt_conf cc = { 0 }, sconf = { 0 };
	struct tcp_crypt_pubkey pc, ps = { 0 };
	socklen_t len;
	int lfd, c, s, err;

	lfd = listener("b", port, so);
	c = client("b", port, co);
	check(c >= 0, "%s: connect (%s)", what, c < 0 ? strerror(-c) : "ok");
	if (c < 0) {
		close(lfd);
		return;
	}
	s = accept_within(lfd, 5000);
	check(s >= 0, "%s: accepted", what);
	if (s < 0)
		goto out;
	/* Right after connect(): SESSID waits for the handshake. */
	check(get_sessid(c, sc) == 0 && nonzero(sc, 32), "%s: client SESSID", what);
	if (so && so->ulp) {
		check(get_sessid(s, ss) == 0 && !memcmp(sc, ss, 32),
		      "%s: the same SESSID on both ends", what);
		err = get_conf(s, &sconf);
		check(!err && sconf.role == TCP_CRYPT_ROLE_SERVER &&
		      sconf.pubkey == want_pk && sconf.suite == want_suite &&
		      sconf.app == want_app && !sconf.resumed,
		      "%s: server CONF %06x/%08x app %d", what, sconf.pubkey,
		      sconf.suite, sconf.app);
		len = sizeof(ps);
		check(getsockopt(s, IPPROTO_TCP, TCP_CRYPT_PUBKEY, &ps, &len) == 0 &&
		      ps.owner == TCP_CRYPT_PUBKEY_PEER && ps.cipher == want_pk,
		      "%s: server PUBKEY is the peer's", what);
		check(get_int(s, TCP_CRYPT_SUPPORT) == !!(want_app & 1),
		      "%s: server sees the client app %saware", what,
		      want_app & 1 ? "" : "un");
	}
	err = get_conf(c, &cc);
	check(!err && cc.role == TCP_CRYPT_ROLE_CLIENT &&
	      cc.pubkey == want_pk && cc.suite == want_suite && cc.app == want_app,
	      "%s: client CONF %06x/%08x app %d", what, cc.pubkey, cc.suite, cc.app);
	len = sizeof(pc);
	check(getsockopt(c, IPPROTO_TCP, TCP_CRYPT_PUBKEY, &pc, &len) == 0 &&
	      pc.owner == TCP_CRYPT_PUBKEY_MINE && pc.cipher == want_pk &&
	      pc.len == (want_pk == TCP_CRYPT_PK_X25519 ? 32 : 65) &&
	      len == offsetof(struct tcp_crypt_pubkey, key) + pc.len,
	      "%s: client PUBKEY is its own, %u bytes", what, pc.len);
	if (so && so->ulp)
		check(ps.len == pc.len && !memcmp(ps.key, pc.key, pc.len),
		      "%s: both ends report the same public key", what);
	len = 8;
	check(getsockopt(c, IPPROTO_TCP, TCP_CRYPT_PUBKEY, &pc, &len) == 0 && len == 8 &&
	      pc.len > 0, "%s: a PUBKEY header-only read keeps the length", what);
	check(get_int(c, TCP_CRYPT_SUPPORT) == !!(want_app & 2),
	      "%s: client sees the server app %saware", what, want_app & 2 ? "" : "un");
	check(set_int(c, TCP_CRYPT_CMODE, TCP_CRYPT_CMODE_ALWAYS) && errno == EISCONN &&
	      get_int(c, TCP_CRYPT_CMODE) == (co && co->cmode_set ? co->cmode : 0),
	      "%s: CMODE after connect() is EISCONN and changes nothing", what);
	check(ping(c, s), "%s: data both ways", what);
	close(s);
out:
	close(c);
	close(lfd);
}

static void t_sessions(void)
{
	struct opts u = { .ulp = 1 }, so, co;

	t_session("defaults", &u, &u, TCP_CRYPT_PK_X25519,
		  TCP_CRYPT_SYM_CHACHA20_HMAC, 0);
	t_session("server without the ULP", NULL, &u, TCP_CRYPT_PK_X25519,
		  TCP_CRYPT_SYM_CHACHA20_HMAC, 0);

	co = u;
	co.npk = 1;
	co.pk[0] = TCP_CRYPT_PK_P256;
	t_session("client PKCONF p256", &u, &co, TCP_CRYPT_PK_P256,
		  TCP_CRYPT_SYM_CHACHA20_HMAC, 0);
	so = u;
	so.npk = 1;
	so.pk[0] = TCP_CRYPT_PK_P256;
	/* Without X25519 the server looks like v0.2: the legacy suite. */
	t_session("server PKCONF p256", &so, &u, TCP_CRYPT_PK_P256,
		  TCP_CRYPT_SYM_AES128_HMAC, 0);

	co = u;
	co.ncc = 1;
	co.cc[0] = TCP_CRYPT_SYM_AES128_HMAC;
	t_session("client CCONF aes128", &u, &co, TCP_CRYPT_PK_X25519,
		  TCP_CRYPT_SYM_AES128_HMAC, 0);
	so = u;
	so.nsc = 2;
	so.sc[0] = TCP_CRYPT_SYM_AES128_HMAC;
	so.sc[1] = TCP_CRYPT_SYM_CHACHA20_HMAC;
	t_session("server SCONF aes128 first", &so, &u, TCP_CRYPT_PK_X25519,
		  TCP_CRYPT_SYM_AES128_HMAC, 0);

	co = u;
	co.support = 1;
	t_session("client aware", &u, &co, TCP_CRYPT_PK_X25519,
		  TCP_CRYPT_SYM_CHACHA20_HMAC, 1);
	so = u;
	so.support = 1;
	t_session("server aware", &so, &u, TCP_CRYPT_PK_X25519,
		  TCP_CRYPT_SYM_CHACHA20_HMAC, 2);
	co.support = 2;
	so.support = 2;
	t_session("both require awareness", &so, &co, TCP_CRYPT_PK_X25519,
		  TCP_CRYPT_SYM_CHACHA20_HMAC, 3);
	co = u;
	co.cmode_set = 1;
	co.cmode = TCP_CRYPT_CMODE_ALWAYS;
	t_session("client ALWAYS, peer with tcpcrypt", &u, &co, TCP_CRYPT_PK_X25519,
		  TCP_CRYPT_SYM_CHACHA20_HMAC, 0);
}

/* Settings on a listener reach every accepted socket. */
static void t_inherit(void)
{
	struct opts so = { .ulp = 1, .cmode_set = 1, .cmode = TCP_CRYPT_CMODE_ALWAYS_NK,
			   .securst = 1, .npk = 1, .pk = { TCP_CRYPT_PK_P256 },
			   .nsc = 1, .sc = { TCP_CRYPT_SYM_AES128_HMAC } };
	struct opts u = { .ulp = 1 };
	unsigned short port = next_port++;
	struct tcp_crypt_conf conf = { 0 };
	__u32 ids[4];
	socklen_t len = sizeof(ids);
	int lfd = listener("b", port, &so), c, s;

	check(get_int(lfd, TCP_CRYPT_CMODE) == TCP_CRYPT_CMODE_ALWAYS_NK,
	      "listener: CMODE set before listen()");
	check(set_int(lfd, TCP_CRYPT_SUPPORT, 1) == 0,
	      "listener: SUPPORT can still be set after listen()");
	c = client("b", port, &u);
	s = accept_within(lfd, 5000);
	check(c >= 0 && s >= 0, "inherit: connected and accepted");
	if (c < 0 || s < 0)
		goto out;
	check(get_int(s, TCP_CRYPT_CMODE) == TCP_CRYPT_CMODE_ALWAYS_NK,
	      "accepted socket inherits CMODE");
	check(get_int(s, TCP_CRYPT_SECURST) == 1, "accepted socket inherits SECURST");
	check(getsockopt(s, IPPROTO_TCP, TCP_CRYPT_PKCONF, ids, &len) == 0 && len == 4 &&
	      ids[0] == TCP_CRYPT_PK_P256, "accepted socket inherits PKCONF");
	len = sizeof(ids);
	check(getsockopt(s, IPPROTO_TCP, TCP_CRYPT_SCONF, ids, &len) == 0 && len == 4 &&
	      ids[0] == TCP_CRYPT_SYM_AES128_HMAC, "accepted socket inherits SCONF");
	len = get_conf(s, &conf);
	check(len == 0 && conf.pubkey == TCP_CRYPT_PK_P256 &&
	      conf.suite == TCP_CRYPT_SYM_AES128_HMAC && conf.app == 2,
	      "the listener's settings were used on the wire (%06x/%08x app %d)",
	      conf.pubkey, conf.suite, conf.app);
	check(get_int(c, TCP_CRYPT_SUPPORT) == 1, "the client sees the listener's awareness");
	check(ping(c, s), "inherit: data both ways");
out:
	if (s >= 0)
		close(s);
	if (c >= 0)
		close(c);
	close(lfd);
}

/* Plain peers: fallback, unless tcpcrypt is required. */
static void t_plain(void)
{
	struct opts u = { .ulp = 1 }, off = { .ulp = 1, .cmode_set = 1,
					      .cmode = TCP_CRYPT_CMODE_NEVER };
	struct opts always = { .ulp = 1, .cmode_set = 1, .cmode = TCP_CRYPT_CMODE_ALWAYS };
	struct opts aware2 = { .ulp = 1, .support = 2 };
	unsigned char sid[32];
	unsigned short port;
	int lfd, c, s;

	port = next_port++;
	lfd = listener("p", port, NULL);
	c = client("p", port, &u);
	s = accept_within(lfd, 5000);
	check(c >= 0 && s >= 0, "peer without tcpcrypt: connected");
	if (c >= 0) {
		check(get_sessid(c, sid) == -ENODATA, "plain connection: SESSID is ENODATA");
		if (s >= 0)
			check(ping(c, s), "plain connection: data both ways");
		close(c);
	}
	if (s >= 0)
		close(s);

	c = client("p", port, &always);
	check(c == -ECONNREFUSED, "CMODE ALWAYS against a peer without tcpcrypt: connect() "
	      "is ECONNREFUSED (%s)", c < 0 ? strerror(-c) : "connected");
	if (c >= 0)
		close(c);
	check(accept_within(lfd, 300) < 0, "... and the plain server never got a connection");
	c = client("p", port, &aware2);
	check(c == -ECONNREFUSED, "SUPPORT 2 against a peer without tcpcrypt: ECONNREFUSED");
	if (c >= 0)
		close(c);
	close(lfd);

	/* Between two tcpcrypt hosts. */
	port = next_port++;
	lfd = listener("b", port, &u);
	c = client("b", port, &off);
	s = accept_within(lfd, 5000);
	check(c >= 0 && s >= 0, "client CMODE NEVER: connected");
	if (c >= 0 && s >= 0) {
		check(get_sessid(c, sid) == -ENODATA && get_sessid(s, sid) == -ENODATA,
		      "client CMODE NEVER: plain on both ends");
		check(get_int(c, TCP_CRYPT_ENABLE) == 0, "CMODE NEVER reads as ENABLE 0");
		check(ping(c, s), "client CMODE NEVER: data both ways");
	}
	if (s >= 0)
		close(s);
	if (c >= 0)
		close(c);
	close(lfd);

	/* ENABLE 0 on a client, against a listener that requires tcpcrypt. */
	port = next_port++;
	lfd = listener("b", port, &always);
	c = tcp_socket();
	ulp(c);
	check(set_int(c, TCP_CRYPT_ENABLE, 0) == 0 &&
	      get_int(c, TCP_CRYPT_CMODE) == TCP_CRYPT_CMODE_NEVER, "ENABLE 0 is CMODE NEVER");
	close(c);
	off.cmode = TCP_CRYPT_CMODE_NEVER;
	c = client("b", port, &off);
	check(c == -ECONNREFUSED, "a listener with CMODE ALWAYS refuses a plain client (%s)",
	      c < 0 ? strerror(-c) : "connected");
	if (c >= 0)
		close(c);
	c = client("b", port, &u);
	s = accept_within(lfd, 5000);
	check(c >= 0 && s >= 0 && get_sessid(c, sid) == 0,
	      "... and accepts an encrypted one");
	if (c >= 0)
		close(c);
	if (s >= 0)
		close(s);
	close(lfd);

	/* A listener that requires an aware client. */
	port = next_port++;
	lfd = listener("b", port, &aware2);
	c = client("b", port, &u);
	check(c == -ECONNREFUSED, "a listener with SUPPORT 2 refuses an unaware client (%s)",
	      c < 0 ? strerror(-c) : "connected");
	if (c >= 0)
		close(c);
	check(accept_within(lfd, 300) < 0, "... which never reaches accept()");
	close(lfd);
}

/* ---- forged RSTs --------------------------------------------------------- */

static unsigned short csum_fold(unsigned long sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

static unsigned long csum_add(unsigned long sum, const void *p, size_t n)
{
	const unsigned char *b = p;

	for (; n > 1; n -= 2, b += 2)
		sum += (b[0] << 8) | b[1];
	if (n)
		sum += b[0] << 8;
	return sum;
}

/*
 * The next sequence number b sends on (bport -> cport): the highest
 * seq + length seen leaving b on its packet socket.
 */
static int next_seq(int pfd, unsigned short bport, __u32 *seq)
{
	unsigned char pkt[2048];
	int found = 0;
	ssize_t n;

	while ((n = recv(pfd, pkt, sizeof(pkt), MSG_DONTWAIT)) > 0) {
		unsigned int iphl, plen;
		struct tcphdr *th;
		__u32 end;

		if (fam == AF_INET) {
			if ((pkt[0] >> 4) != 4 || pkt[9] != IPPROTO_TCP)
				continue;
			iphl = (pkt[0] & 15) * 4;
			plen = ((pkt[2] << 8) | pkt[3]) - iphl;
		} else {
			if ((pkt[0] >> 4) != 6 || pkt[6] != IPPROTO_TCP)
				continue;
			iphl = 40;
			plen = (pkt[4] << 8) | pkt[5];
		}
		th = (struct tcphdr *)(pkt + iphl);
		if (ntohs(th->source) != bport)
			continue;
		end = ntohl(th->seq) + plen - th->doff * 4 + th->syn + th->fin;
		if (!found || (int)(end - *seq) > 0)
			*seq = end;
		found = 1;
	}
	return found;
}

/*
 * A RST from b:bport to a:cport with sequence number seq, sent from a
 * packet socket on b's veth0: it must not pass b's own tcpcrypt, which
 * would take it for its connection's and MAC it.
 */
static void forge_rst(unsigned short bport, unsigned short cport, __u32 seq)
{
	unsigned char pkt[60], ph[40];
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_halen = ETH_ALEN };
	struct tcphdr *th;
	struct ifreq ifr;
	unsigned int iphl, phl;
	int fd;

	/* a's MAC address, the destination on the link. */
	fd = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&ifr, 0, sizeof(ifr));
	strcpy(ifr.ifr_name, "veth0");
	if (fd < 0 || ioctl(fd, SIOCGIFHWADDR, &ifr))
		die("SIOCGIFHWADDR");
	close(fd);
	memcpy(sll.sll_addr, ifr.ifr_hwaddr.sa_data, ETH_ALEN);

	memset(pkt, 0, sizeof(pkt));
	memset(ph, 0, sizeof(ph));
	if (fam == AF_INET) {
		iphl = 20;
		pkt[0] = 0x45;
		pkt[3] = 40;
		pkt[8] = 64;
		pkt[9] = IPPROTO_TCP;
		inet_pton(AF_INET, "10.0.0.2", pkt + 12);
		inet_pton(AF_INET, "10.0.0.1", pkt + 16);
		*(unsigned short *)(pkt + 10) = htons(csum_fold(csum_add(0, pkt, 20)));
		memcpy(ph, pkt + 12, 8);
		ph[9] = IPPROTO_TCP;
		ph[11] = 20;
		phl = 12;
		sll.sll_protocol = htons(ETH_P_IP);
	} else {
		iphl = 40;
		pkt[0] = 0x60;
		pkt[5] = 20;
		pkt[6] = IPPROTO_TCP;
		pkt[7] = 64;
		inet_pton(AF_INET6, "fd00::2", pkt + 8);
		inet_pton(AF_INET6, "fd00::1", pkt + 24);
		memcpy(ph, pkt + 8, 32);
		ph[35] = 20;
		ph[39] = IPPROTO_TCP;
		phl = 40;
		sll.sll_protocol = htons(ETH_P_IPV6);
	}
	th = (struct tcphdr *)(pkt + iphl);
	th->source = htons(bport);
	th->dest = htons(cport);
	th->seq = htonl(seq);
	th->doff = 5;
	th->rst = 1;
	th->check = htons(csum_fold(csum_add(csum_add(0, ph, phl), th, 20)));

	enter_ns("b");
	sll.sll_ifindex = if_nametoindex("veth0");
	fd = socket(AF_PACKET, SOCK_DGRAM, 0);
	if (fd < 0)
		die("packet socket for the RST");
	if (sendto(fd, pkt, iphl + 20, 0, (void *)&sll, sizeof(sll)) != iphl + 20)
		die("sendto");
	close(fd);
	enter_ns("a");
}

/* Returns 1 if the client connection survived the forged RST. */
static int rst_survives(const struct opts *co, int securst_after)
{
	struct opts u = { .ulp = 1 };
	unsigned short port = next_port++;
	struct sockaddr_storage ss;
	socklen_t len = sizeof(ss);
	char x = 'z', y;
	int lfd, c, s, pfd, ok;
	__u32 seq = 0;

	lfd = listener("b", port, &u);
	enter_ns("b");
	pfd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_ALL));
	if (pfd < 0)
		die("packet socket");
	{
		struct sockaddr_ll sll = { .sll_family = AF_PACKET,
					   .sll_protocol = htons(ETH_P_ALL),
					   .sll_ifindex = if_nametoindex("veth0") };

		if (bind(pfd, (void *)&sll, sizeof(sll)))
			die("bind packet socket");
	}
	enter_ns("a");
	c = client("b", port, co);
	s = accept_within(lfd, 5000);
	if (c < 0 || s < 0)
		die("connect for the RST test");
	if (securst_after && set_int(c, TCP_CRYPT_SECURST, 1))
		die("SECURST after connect");
	if (!ping(c, s))
		die("ping before the RST");
	usleep(300000);		/* the last ACKs are out */
	if (!next_seq(pfd, port, &seq))
		die("no segment of the server seen");
	getsockname(c, (void *)&ss, &len);
	forge_rst(port, ntohs(((struct sockaddr_in *)&ss)->sin_port), seq);
	usleep(300000);
	/* Reset: the write fails or the read sees ECONNRESET. */
	ok = write(s, &x, 1) == 1 && read(c, &y, 1) == 1 && y == 'z';
	close(pfd);
	close(s);
	close(c);
	close(lfd);
	return ok;
}

static void t_securst(void)
{
	struct opts u = { .ulp = 1 }, sec = { .ulp = 1, .securst = 1 };
	struct opts plain = { .ulp = 1, .cmode_set = 1, .cmode = TCP_CRYPT_CMODE_NEVER };

	check(!rst_survives(&plain, 0), "a forged in-window RST resets a plain connection");
	check(!rst_survives(&u, 0), "... and an encrypted one without SECURST");
	check(rst_survives(&sec, 0), "... but not an encrypted one with SECURST");
	check(rst_survives(&u, 1), "... SECURST set after connect() counts too");
}

/* The ULP attached to an already connected socket. */
static void t_late_attach(void)
{
	unsigned short port = next_port++;
	unsigned char sc[32], ss[32];
	int lfd = listener("b", port, NULL), c, s;

	c = client("b", port, NULL);
	s = accept_within(lfd, 5000);
	check(c >= 0 && s >= 0, "late attach: connected");
	if (c >= 0 && s >= 0) {
		check(ulp(c) == 0 && ulp(s) == 0, "late attach: TCP_ULP on connected sockets");
		check(get_sessid(c, sc) == 0 && get_sessid(s, ss) == 0 &&
		      !memcmp(sc, ss, 32), "late attach: the same SESSID");
		check(ping(c, s), "late attach: data both ways");
	}
	if (s >= 0)
		close(s);
	if (c >= 0)
		close(c);
	close(lfd);
}

/*
 * Drop CAP_NET_ADMIN from this process (effective, permitted, inheritable),
 * keeping every other capability; 0 once capget confirms it is gone.
 */
static int drop_net_admin(void)
{
	struct __user_cap_header_struct hdr = { .version = _LINUX_CAPABILITY_VERSION_3 };
	struct __user_cap_data_struct data[_LINUX_CAPABILITY_U32S_3];
	const int i = CAP_TO_INDEX(CAP_NET_ADMIN);
	const __u32 m = CAP_TO_MASK(CAP_NET_ADMIN);

	if (syscall(SYS_capget, &hdr, data))
		return -1;
	data[i].effective &= ~m;
	data[i].permitted &= ~m;
	data[i].inheritable &= ~m;
	if (syscall(SYS_capset, &hdr, data))
		return -1;
	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data))
		return -1;
	return (data[i].effective | data[i].permitted) & m ? -1 : 0;
}

/*
 * TCP_CRYPT_CACHE_FLUSH naming an address flushes another peer's sessions:
 * it needs CAP_NET_ADMIN in the namespace's user namespace. The form
 * without an argument (the socket's own peer) needs nothing. A forked
 * child without CAP_NET_ADMIN tries both on a connected ULP socket.
 */
static void t_flush_cap(void)
{
	struct opts u = { .ulp = 1 };
	unsigned short port = next_port++;
	struct sockaddr_storage peer;
	socklen_t plen = sizeof(peer);
	int lfd = listener("b", port, NULL), c, s, pfd[2], res[3] = { -1, -1, -1 };
	int status;
	pid_t pid;

	c = client("b", port, &u);
	s = accept_within(lfd, 5000);
	check(c >= 0 && s >= 0, "flush capability: connected");
	if (c < 0 || s < 0 || getpeername(c, (void *)&peer, &plen) || pipe(pfd))
		goto out;
	check(setsockopt(c, IPPROTO_TCP, TCP_CRYPT_CACHE_FLUSH, &peer, plen) == 0,
	      "with CAP_NET_ADMIN, CACHE_FLUSH naming an address works");
	pid = fork();
	if (pid < 0)
		die("fork");
	if (!pid) {
		close(pfd[0]);
		res[0] = drop_net_admin() ? errno ? errno : EPERM : 0;
		if (!res[0]) {
			res[1] = setsockopt(c, IPPROTO_TCP, TCP_CRYPT_CACHE_FLUSH,
					    &peer, plen) ? errno : 0;
			res[2] = setsockopt(c, IPPROTO_TCP, TCP_CRYPT_CACHE_FLUSH,
					    NULL, 0) ? errno : 0;
		}
		_exit(write(pfd[1], res, sizeof(res)) == sizeof(res) ? 0 : 1);
	}
	close(pfd[1]);
	if (read(pfd[0], res, sizeof(res)) != sizeof(res))
		res[0] = -1;
	close(pfd[0]);
	waitpid(pid, &status, 0);
	check(res[0] == 0, "a child drops CAP_NET_ADMIN (capset)");
	if (res[0] == 0) {
		check(res[1] == EPERM,
		      "without CAP_NET_ADMIN, CACHE_FLUSH naming an address is EPERM (got %s)",
		      res[1] ? strerror(res[1]) : "success");
		check(res[2] == 0,
		      "without CAP_NET_ADMIN, CACHE_FLUSH of the socket's own peer works (got %s)",
		      res[2] ? strerror(res[2]) : "success");
	}
	check(ping(c, s), "flush capability: data both ways afterwards");
out:
	if (s >= 0)
		close(s);
	if (c >= 0)
		close(c);
	close(lfd);
}

/* ---- resumption ------------------------------------------------------------ */

struct conn_result {
	int ok;
	int c_resumed, s_resumed;
	unsigned char sid[32];
};

/* A counter of /proc/net/tcpcrypt_stat in namespace ns. */
static long stat_of(const char *ns, const char *name)
{
	char line[128], want[64];
	long val = -1;
	FILE *f;

	enter_ns(ns);
	f = fopen("/proc/net/tcpcrypt_stat", "r");
	enter_ns("a");
	if (!f)
		die("/proc/net/tcpcrypt_stat");
	snprintf(want, sizeof(want), "Tcpcrypt%s ", name);
	while (fgets(line, sizeof(line), f))
		if (!strncmp(line, want, strlen(want)))
			val = atol(line + strlen(want));
	fclose(f);
	return val;
}

/* Connect a->b; both ends' CONF and SESSID, which must agree. */
static struct conn_result resume_conn(const char *what, const struct opts *so,
				      const struct opts *co, int flush_client,
				      int flush_server)
{
	struct conn_result r = { 0 };
	unsigned short port = next_port++;
	struct tcp_crypt_conf cc = { 0 }, sc = { 0 };
	struct tcp_crypt_pubkey pk = { 0 };
	unsigned char ss[32];
	socklen_t len = sizeof(pk);
	long pka = stat_of("a", "PublicKeyOps"), pkb = stat_of("b", "PublicKeyOps");
	int lfd = listener("b", port, so), c, s, err;

	c = client("b", port, co);
	s = accept_within(lfd, 5000);
	if (c < 0 || s < 0) {
		check(0, "%s: connect", what);
		goto out;
	}
	err = get_sessid(c, r.sid) || get_sessid(s, ss) || get_conf(c, &cc) ||
	      get_conf(s, &sc);
	check(!err && !memcmp(r.sid, ss, 32), "%s: the same SESSID on both ends", what);
	check(cc.resumed == sc.resumed, "%s: both ends agree on resumption (%d)", what,
	      cc.resumed);
	if (cc.resumed) {
		err = getsockopt(c, IPPROTO_TCP, TCP_CRYPT_PUBKEY, &pk, &len);
		check(!err && pk.owner == TCP_CRYPT_PUBKEY_NONE && pk.len == 0 &&
		      cc.pubkey == 0 && sc.pubkey == 0,
		      "%s: a resumed session has no public key", what);
	}
	check(ping(c, s), "%s: data both ways", what);
	pka = stat_of("a", "PublicKeyOps") - pka;
	pkb = stat_of("b", "PublicKeyOps") - pkb;
	check(pka == !cc.resumed && pkb == !cc.resumed,
	      "%s: public-key operations: client %ld, server %ld", what, pka, pkb);
	if (flush_client)
		check(setsockopt(c, IPPROTO_TCP, TCP_CRYPT_CACHE_FLUSH, NULL, 0) == 0,
		      "%s: CACHE_FLUSH on the client's socket", what);
	if (flush_server) {
		struct sockaddr_storage peer;
		socklen_t plen = sizeof(peer);

		getpeername(s, (void *)&peer, &plen);
		check(setsockopt(s, IPPROTO_TCP, TCP_CRYPT_CACHE_FLUSH, &peer, plen) == 0,
		      "%s: CACHE_FLUSH of the client's address on the server", what);
	}
	r.ok = 1;
	r.c_resumed = cc.resumed;
	r.s_resumed = sc.resumed;
out:
	if (s >= 0)
		close(s);
	if (c >= 0)
		close(c);
	close(lfd);
	return r;
}

static void t_resume(void)
{
	struct opts u = { .ulp = 1 };
	struct opts nk = { .ulp = 1, .cmode_set = 1, .cmode = TCP_CRYPT_CMODE_DEFAULT_NK };
	struct opts aware = { .ulp = 1, .support = 1 };
	struct conn_result r1, r2, r3, r;

	/* Start clean: whatever an earlier run cached is gone. */
	r = resume_conn("setup", &u, &u, 1, 1);
	r1 = resume_conn("first", &u, &u, 0, 0);
	check(r1.ok && !r1.c_resumed, "first connection: a full handshake");
	r2 = resume_conn("second", &u, &u, 0, 0);
	check(r2.ok && r2.c_resumed && r2.s_resumed, "second connection: resumed");
	check(memcmp(r1.sid, r2.sid, 32), "a resumed session has a new session ID");
	r3 = resume_conn("third", &u, &aware, 0, 0);
	check(r3.ok && r3.c_resumed && memcmp(r2.sid, r3.sid, 32),
	      "third connection (client aware): resumed along the chain");

	r = resume_conn("flushed by the client", &u, &u, 1, 0);
	check(r.ok && r.c_resumed, "resumed before the client's CACHE_FLUSH");
	r = resume_conn("after the client's flush", &u, &u, 0, 0);
	check(r.ok && !r.c_resumed, "after TCP_CRYPT_CACHE_FLUSH: a full handshake");

	r = resume_conn("flushed by the server", &u, &u, 0, 1);
	r = resume_conn("prefix unknown to the server", &u, &u, 0, 0);
	check(r.ok && !r.c_resumed && !r.s_resumed,
	      "a prefix the server forgot: a full handshake");

	r = resume_conn("before _NK", &u, &u, 0, 0);
	check(r.ok && r.c_resumed, "resumed again");
	r = resume_conn("client DEFAULT_NK", &u, &nk, 0, 0);
	check(r.ok && !r.c_resumed, "a client with _NK does a full handshake");
	r = resume_conn("after _NK", &u, &u, 0, 0);
	check(r.ok && r.c_resumed, "... and neither used nor replaced the cached session");
	r = resume_conn("listener DEFAULT_NK", &nk, &u, 0, 0);
	check(r.ok && !r.c_resumed, "a listener with _NK does a full handshake");
}

static void hold(void)
{
	struct opts u = { .ulp = 1, .support = 1 };
	unsigned char sid[32];
	int lfd = listener("b", 7099, &u), c, s;

	c = client("b", 7099, &u);
	s = accept_within(lfd, 5000);
	if (c < 0 || s < 0 || get_sessid(c, sid))
		die("hold: connect");
	printf("ready\n");
	fflush(stdout);
	sleep(5);
	close(s);
	close(c);
	close(lfd);
}

int main(int argc, char **argv)
{
	int holdmode = argc == 3 && !strcmp(argv[1], "hold");
	int resumemode = argc == 3 && !strcmp(argv[1], "resume");
	const char *f = argv[argc - 1];

	if (argc == 2 && !strcmp(argv[1], "attach")) {
		int fd = socket(AF_INET, SOCK_STREAM, 0);

		if (fd < 0)
			die("socket");
		if (ulp(fd)) {
			printf("TCP_ULP refused: %s\n", strerror(errno));
			return 1;
		}
		printf("TCP_ULP attached\n");
		close(fd);
		return 0;
	}
	if ((argc != 2 && !holdmode && !resumemode) ||
	    (strcmp(f, "4") && strcmp(f, "6"))) {
		fprintf(stderr, "usage: sockopt_test [hold|resume] 4|6 | attach\n");
		return 2;
	}
	fam = f[0] == '4' ? AF_INET : AF_INET6;
	if (fam == AF_INET6)
		next_port += 100;
	enter_ns("a");
	if (holdmode) {
		hold();
		return 0;
	}
	if (resumemode) {
		next_port += 1000;
		t_resume();
		printf("%d checks, %d failed\n", checks, failures);
		return failures ? 1 : 0;
	}
	t_detect();
	t_bad_input();
	t_sessions();
	t_inherit();
	t_plain();
	t_late_attach();
	t_securst();
	t_flush_cap();
	printf("%d checks, %d failed\n", checks, failures);
	return failures ? 1 : 0;
}
