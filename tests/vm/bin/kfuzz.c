// SPDX-License-Identifier: GPL-2.0
/*
 * kfuzz: fuzz the tcpcrypt module from inside the guest.
 *
 *   kfuzz -A NS_A -B NS_B [-t SECONDS] [-s SEED] [-o OUTDIR] [-r REPRODIR]
 *         [-L LOGDEV]
 *
 * NS_A and NS_B are namespaces (/run/netns/NAME) with the module loaded.
 * kfuzz creates a tun device in each (kfa: 10.9.0.1 fd09::1, kfb: 10.9.0.2
 * fd09::2, IFF_TUN|IFF_NO_PI) and relays between them: the two stacks talk
 * through it, so real handshakes (INIT1/INIT2, MACed data, resumption from
 * the session cache) flow and are recorded as seeds. Once the first seconds
 * have filled the seed corpus, the relay mutates, drops, duplicates and
 * delays what it forwards, and injects mutated seeds into live connections
 * (seq/ack taken from what each side sent last). It also plays a peer of
 * its own, 10.9.0.3/fd09::3: it answers A's SYNs to it and opens
 * connections to A's listeners with captured SYNs, and answers with
 * captured handshake and data segments, rewritten to its connections.
 *
 * In the same run: threads (and an unprivileged process, uid nobody) doing
 * random setsockopt/getsockopt of every TCP_CRYPT_* option and generic
 * netlink commands of the tcpcrypt family, while workload threads open and
 * close connections (plain, TCP_ULP-attached and required listeners,
 * clients in every mode).
 *
 * Coverage: every thread traces PCs with /sys/kernel/debug/kcov when it
 * exists (only the module is instrumented); a mutated segment that reached
 * new PCs goes into the corpus. Writes to a tun run the receive path in the
 * writer's context (netif_receive_skb under local_bh_disable, which kcov
 * counts as task context), so injected segments are traced. At the end the
 * PCs go to OUTDIR/kcov-pcs.txt as "SECTION OFFSET" of tcpcrypt.ko, for
 * the host to map to lines.
 *
 * Fail-closed invariant: only sockets that require tcpcrypt
 * (TCP_CRYPT_CMODE_ALWAYS, set on the socket or by its listener) send the
 * marker TCPCRYPT-PLAINTEXT-MARKER; every segment read from the tuns is
 * searched for it.
 *
 * Crashes: a thread reads /dev/kmsg; on a report (WARNING, BUG, KASAN...)
 * the last injected segments and operations go to OUTDIR/crash-N.repro.
 * With -L, every injected segment is also written to LOGDEV (a serial
 * port) before it is injected, so that a panic leaves its input behind.
 * A reproducer's "P A|B HEX" lines are written into tun A or B by -r
 * before fuzzing starts.
 *
 * Everything random comes from -s SEED (printed); thread timing is not
 * reproducible. Exit status: 0, 1 on a setup error, 3 if the marker was
 * seen on the wire.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/genetlink.h>
#include <linux/if_tun.h>
#include <linux/netlink.h>
#include <linux/tcpcrypt.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#ifndef TCP_ULP
#define TCP_ULP 31
#endif
#define KCOV_INIT_TRACE _IOR('c', 1, unsigned long)
#define KCOV_ENABLE _IO('c', 100)
#define KCOV_DISABLE _IO('c', 101)
#define KCOV_TRACE_PC 0
#define KCOV_WORDS (1 << 16)

#define MARKER "TCPCRYPT-PLAINTEXT-MARKER"
#define PKTMAX 2048
#define NPORTS 3
static const int ports[NPORTS] = { 7001, 7002, 7003 };	/* plain, ULP, required */

static const char *ns_a = "fa", *ns_b = "fb", *outdir = "/tmp", *reprodir, *logdev;
static uint64_t seed;
static int secs = 60;
static volatile int stop;
static int tun[2] = { -1, -1 };
static int logfd = -1;
static double t0;
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "kfuzz: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, ": %s\n", strerror(errno));
	va_end(ap);
	exit(1);
}

/* xorshift64*: one state per thread, all derived from the seed */
struct rng {
	uint64_t s;
};

static uint64_t rnd(struct rng *r)
{
	r->s ^= r->s >> 12;
	r->s ^= r->s << 25;
	r->s ^= r->s >> 27;
	return r->s * 2685821657736338717ULL;
}

static uint32_t rn(struct rng *r, uint32_t n)
{
	return n ? rnd(r) % n : 0;
}

static void rng_init(struct rng *r, uint64_t k)
{
	r->s = (seed ^ (k * 0x9e3779b97f4a7c15ULL)) | 1;
	rnd(r);
}

/* ---- statistics ---- */
static unsigned long st_fwd, st_mut, st_inj, st_drop, st_dup, st_delay, st_resp,
	st_corpus_new, st_conns, st_sockops, st_genl, st_marker, st_reports;

/* ---- kcov ---- */
static uint64_t *pcset;
static size_t pcset_n;
#define PCSET_SIZE (1 << 17)
static int kcov_ok = 1;

struct kcov {
	int fd;
	unsigned long *cover;
};

static void kcov_init(struct kcov *k)
{
	k->fd = -1;
	if (!kcov_ok)
		return;
	k->fd = open("/sys/kernel/debug/kcov", O_RDWR);
	if (k->fd < 0)
		goto off;
	if (ioctl(k->fd, KCOV_INIT_TRACE, KCOV_WORDS))
		goto off;
	k->cover = mmap(NULL, KCOV_WORDS * sizeof(long), PROT_READ | PROT_WRITE,
			MAP_SHARED, k->fd, 0);
	if (k->cover == MAP_FAILED)
		goto off;
	if (ioctl(k->fd, KCOV_ENABLE, KCOV_TRACE_PC))
		goto off;
	return;
off:
	if (kcov_ok)
		fprintf(stderr, "kfuzz: no kcov (%s): no coverage feedback\n", strerror(errno));
	kcov_ok = 0;
	if (k->fd >= 0)
		close(k->fd);
	k->fd = -1;
}

static void kcov_begin(struct kcov *k)
{
	if (k->fd >= 0)
		__atomic_store_n(&k->cover[0], 0, __ATOMIC_RELAXED);
}

/* Merge what was traced since kcov_begin; return the number of new PCs. */
static int kcov_end(struct kcov *k)
{
	unsigned long n, i;
	int fresh = 0;

	if (k->fd < 0)
		return 0;
	n = __atomic_load_n(&k->cover[0], __ATOMIC_RELAXED);
	if (n >= KCOV_WORDS)
		n = KCOV_WORDS - 1;
	pthread_mutex_lock(&lock);
	for (i = 0; i < n; i++) {
		uint64_t pc = k->cover[i + 1];
		size_t h = (pc * 0x9e3779b97f4a7c15ULL) >> 47;

		while (pcset[h] && pcset[h] != pc)
			h = (h + 1) & (PCSET_SIZE - 1);
		if (!pcset[h] && pcset_n < PCSET_SIZE / 2) {
			pcset[h] = pc;
			pcset_n++;
			fresh++;
		}
	}
	pthread_mutex_unlock(&lock);
	return fresh;
}

/* ---- namespaces ---- */
static void enter_ns(const char *ns)
{
	char p[128];
	int fd;

	/* where ip netns keeps them: /run, or /var/run if that is not a link */
	snprintf(p, sizeof(p), "/run/netns/%s", ns);
	fd = open(p, O_RDONLY);
	if (fd < 0) {
		snprintf(p, sizeof(p), "/var/run/netns/%s", ns);
		fd = open(p, O_RDONLY);
	}
	if (fd < 0 || setns(fd, CLONE_NEWNET))
		die("setns %s", ns);
	close(fd);
}

static void sh(const char *fmt, ...)
{
	char cmd[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(cmd, sizeof(cmd), fmt, ap);
	va_end(ap);
	if (system(cmd))
		fprintf(stderr, "kfuzz: failed: %s\n", cmd);
}

static int open_tun(const char *ns, const char *name)
{
	struct ifreq ifr = { 0 };
	int fd;

	enter_ns(ns);
	fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK);
	if (fd < 0)
		die("/dev/net/tun");
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	strncpy(ifr.ifr_name, name, IFNAMSIZ - 1);
	if (ioctl(fd, TUNSETIFF, &ifr))
		die("TUNSETIFF %s", name);
	return fd;
}

/* ---- the record of recent inputs, for reproducers ---- */
#define RING 1024
#define record(...) record_to(1, __VA_ARGS__)
static char *ring[RING];
static unsigned long ring_n;

static void record_to(int serial, const char *fmt, ...)
{
	char *s;
	va_list ap;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		s = NULL;
	va_end(ap);
	if (!s)
		return;
	pthread_mutex_lock(&lock);
	if (serial && logfd >= 0 && write(logfd, s, strlen(s)) < 0)
		logfd = -1;
	free(ring[ring_n % RING]);
	ring[ring_n++ % RING] = s;
	pthread_mutex_unlock(&lock);
}

/*
 * Segments forwarded unchanged go to the ring only (they are most of the
 * traffic; the serial log would not keep up): serial 0.
 */
static void record_pkt_to(int serial, int side, const uint8_t *p, int len)
{
	char *h = malloc(2 * len + 1);
	int i;

	if (!h)
		return;
	for (i = 0; i < len; i++)
		sprintf(h + 2 * i, "%02x", p[i]);
	record_to(serial, "P %c %s\n", side ? 'B' : 'A', h);
	free(h);
}

#define record_pkt(...) record_pkt_to(1, __VA_ARGS__)

static void save_repro(const char *why)
{
	static int n;
	char p[256];
	unsigned long i;
	FILE *f;

	if (n >= 8)
		return;
	snprintf(p, sizeof(p), "%s/crash-%d.repro", outdir, n++);
	f = fopen(p, "w");
	if (!f)
		return;
	/* The licence line: reproducers are kept in the tree. */
	fprintf(f, "# SPDX-License-Identifier: GPL-2.0\n# kfuzz reproducer: seed %llu, %.1fs into the run\n# %s\n",
		(unsigned long long)seed, now() - t0, why);
	pthread_mutex_lock(&lock);
	for (i = ring_n > RING ? ring_n - RING : 0; i < ring_n; i++)
		fputs(ring[i % RING], f);
	pthread_mutex_unlock(&lock);
	fclose(f);
	fprintf(stderr, "kfuzz: reproducer %s (%s)\n", p, why);
}

/* ---- segments ---- */
struct seg {
	int v6, ihl;		/* IP header length (v6: 40, no extension headers) */
	int toff, thl, plen;	/* TCP header offset and length, payload length */
	uint8_t src[16], dst[16];
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint8_t flags;
};

static uint16_t get16(const uint8_t *p) { return p[0] << 8 | p[1]; }
static uint32_t get32(const uint8_t *p) { return (uint32_t)get16(p) << 16 | get16(p + 2); }
static void put16(uint8_t *p, uint16_t v) { p[0] = v >> 8; p[1] = v; }
static void put32(uint8_t *p, uint32_t v) { put16(p, v >> 16); put16(p + 2, v); }

static int parse(const uint8_t *p, int len, struct seg *s)
{
	memset(s, 0, sizeof(*s));
	if (len < 20)
		return -1;
	if ((p[0] >> 4) == 4) {
		s->ihl = (p[0] & 15) * 4;
		if (s->ihl < 20 || p[9] != IPPROTO_TCP || (get16(p + 6) & 0x3fff))
			return -1;
		memcpy(s->src, p + 12, 4);
		memcpy(s->dst, p + 16, 4);
		if (get16(p + 2) < len)
			len = get16(p + 2);
	} else if ((p[0] >> 4) == 6) {
		s->v6 = 1;
		s->ihl = 40;
		if (len < 40 || p[6] != IPPROTO_TCP)
			return -1;
		memcpy(s->src, p + 8, 16);
		memcpy(s->dst, p + 24, 16);
		if (get16(p + 4) + 40 < len)
			len = get16(p + 4) + 40;
	} else {
		return -1;
	}
	s->toff = s->ihl;
	if (len < s->toff + 20)
		return -1;
	s->thl = (p[s->toff + 12] >> 4) * 4;
	if (s->thl < 20 || s->toff + s->thl > len)
		return -1;
	s->plen = len - s->toff - s->thl;
	s->sport = get16(p + s->toff);
	s->dport = get16(p + s->toff + 2);
	s->seq = get32(p + s->toff + 4);
	s->ack = get32(p + s->toff + 8);
	s->flags = p[s->toff + 13];
	return 0;
}

static uint32_t seg_end(const struct seg *s)
{
	return s->seq + s->plen + !!(s->flags & 2) + !!(s->flags & 1);
}

static uint32_t csum_add(uint32_t sum, const uint8_t *p, int len)
{
	int i;

	for (i = 0; i + 1 < len; i += 2)
		sum += get16(p + i);
	if (len & 1)
		sum += p[len - 1] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

/* Lengths and checksums of a segment whose TCP header is at s->toff. */
static void fix(uint8_t *p, int len, const struct seg *s)
{
	int tl = len - s->toff;
	uint32_t sum;

	if (s->v6) {
		put16(p + 4, len - 40);
		sum = csum_add(0, p + 8, 32) + IPPROTO_TCP + tl;
	} else {
		put16(p + 2, len);
		put16(p + 10, 0);
		put16(p + 10, csum_fold(csum_add(0, p, s->ihl)));
		sum = csum_add(0, p + 12, 8) + IPPROTO_TCP + tl;
	}
	put16(p + s->toff + 16, 0);
	put16(p + s->toff + 16, csum_fold(csum_add(sum, p + s->toff, tl)));
}

static int addr_side(const struct seg *s, const uint8_t *a)
{
	/* 10.9.0.N and fd09::N: N is 1 for A, 2 for B, 3 for kfuzz's peer */
	return s->v6 ? a[15] : a[3];
}

/* ---- seed corpus ---- */
struct entry {
	uint8_t b[PKTMAX];
	int len;
	int server;		/* sent by the listening side */
};
#define CORPUS 1024
static struct entry *corpus;
static int ncorpus;

static void corpus_add(const uint8_t *p, int len, int server)
{
	struct entry *e;

	pthread_mutex_lock(&lock);
	e = &corpus[ncorpus < CORPUS ? ncorpus++ : (int)(rand() % CORPUS)];
	memcpy(e->b, p, len);
	e->len = len;
	e->server = server;
	pthread_mutex_unlock(&lock);
}

static int is_listen_port(uint16_t p)
{
	return p >= 7001 && p <= 7003;
}

/* Pick a seed: flags mask/value, from the server side or the client side (-1: any). */
static int corpus_pick(struct rng *r, uint8_t mask, uint8_t val, int server, int payload,
		       uint8_t *out)
{
	int i, k, len = 0;
	struct seg s;

	pthread_mutex_lock(&lock);
	for (k = 0; k < 64 && ncorpus; k++) {
		struct entry *e = &corpus[rn(r, ncorpus)];

		if (parse(e->b, e->len, &s) || (s.flags & mask) != val)
			continue;
		if (server >= 0 && e->server != server)
			continue;
		if (payload >= 0 && !!s.plen != payload)
			continue;
		memcpy(out, e->b, e->len);
		len = e->len;
		break;
	}
	if (!len && ncorpus && mask == 0) {
		i = rn(r, ncorpus);
		memcpy(out, corpus[i].b, corpus[i].len);
		len = corpus[i].len;
	}
	pthread_mutex_unlock(&lock);
	return len;
}

/* ---- mutations ---- */
static const uint8_t interesting[] = { 0, 1, 2, 3, 4, 7, 8, 15, 16, 32, 40, 64, 69, 70,
				       0x7f, 0x80, 0xfe, 0xff };

static uint8_t rbyte(struct rng *r)
{
	return rn(r, 2) ? interesting[rn(r, sizeof(interesting))] : rn(r, 256);
}

/* Replace the TCP options of p (parsed as s) with opts[olen]; returns the new length. */
static int set_opts(uint8_t *p, int len, struct seg *s, const uint8_t *opts, int olen)
{
	uint8_t tmp[PKTMAX];
	int pl = len - s->toff - s->thl, nthl;

	olen = olen > 40 ? 40 : olen;
	nthl = 20 + ((olen + 3) & ~3);
	if (s->toff + nthl + pl > PKTMAX)
		return len;
	memcpy(tmp, p + s->toff + s->thl, pl);
	memcpy(p + s->toff + 20, opts, olen);
	memset(p + s->toff + 20 + olen, 0, nthl - 20 - olen);
	memcpy(p + s->toff + nthl, tmp, pl);
	p[s->toff + 12] = (nthl / 4) << 4 | (p[s->toff + 12] & 15);
	s->thl = nthl;
	return s->toff + nthl + pl;
}

/* CRYPT (69) suboptions or a MAC (70) option with random contents. */
static int rand_opt(struct rng *r, uint8_t *o, int room)
{
	int n, i;

	if (room < 2)
		return 0;
	if (rn(r, 2)) {
		n = 2 + rn(r, room - 1 < 20 ? room - 1 : 20);
		o[0] = 69;
		/* suboptions: a byte of opcode then maybe a length/contents */
		for (i = 2; i < n; i++)
			o[i] = rn(r, 3) ? rbyte(r) : (uint8_t)(0x01 + rn(r, 0x30));
		if (n > 2 && rn(r, 2))
			o[2] = rn(r, 2) ? rbyte(r) : rn(r, 16) | (rn(r, 2) << 7);
	} else {
		n = rn(r, 2) ? (room >= 22 ? 22 : room) : 2 + (int)rn(r, room - 1);
		o[0] = 70;
		for (i = 2; i < n; i++)
			o[i] = rn(r, 256);
	}
	o[1] = rn(r, 8) ? n : rbyte(r);
	return n;
}

static int mutate(struct rng *r, uint8_t *p, int len)
{
	struct seg s;
	uint8_t opts[64];
	int olen, i, k, n = 1 + rn(r, 3), csum = rn(r, 16) != 0;

	if (parse(p, len, &s))
		return len;
	for (k = 0; k < n; k++) {
		uint8_t *t = p + s.toff;

		switch (rn(r, 14)) {
		case 0:		/* flags */
			t[13] = rn(r, 2) ? t[13] ^ (1u << rn(r, 8)) : rn(r, 64);
			break;
		case 1:		/* seq */
			put32(t + 4, get32(t + 4) + (rn(r, 2) ? rn(r, 2001) - 1000 : (uint32_t)rnd(r)));
			break;
		case 2:		/* ack */
			put32(t + 8, get32(t + 8) + (rn(r, 2) ? rn(r, 2001) - 1000 : (uint32_t)rnd(r)));
			break;
		case 3:		/* an option byte */
		case 4:
			if (s.thl > 20)
				t[20 + rn(r, s.thl - 20)] = rbyte(r);
			break;
		case 5:		/* CRYPT/MAC option added or replacing the others */
		case 6:
			olen = s.thl - 20;
			memcpy(opts, t + 20, olen);
			if (rn(r, 3) == 0)
				olen = 0;
			olen += rand_opt(r, opts + olen, 40 - olen);
			len = set_opts(p, len, &s, opts, olen);
			break;
		case 7:		/* options: drop one, truncate, or shuffle the bytes */
			olen = s.thl - 20;
			memcpy(opts, t + 20, olen);
			if (olen) {
				i = rn(r, olen);
				if (rn(r, 2))
					olen = i;
				else
					memmove(opts + i, opts + i + 1, olen - i - 1), olen--;
			}
			len = set_opts(p, len, &s, opts, olen);
			break;
		case 8:		/* doff */
			t[12] = rn(r, 16) << 4 | (t[12] & 15);
			break;
		case 9:		/* payload bytes */
			for (i = 0; s.plen && i < 1 + (int)rn(r, 4); i++)
				p[s.toff + s.thl + rn(r, s.plen < 64 ? s.plen : 64)] = rbyte(r);
			break;
		case 10:	/* payload length */
			if (rn(r, 2) && s.plen)
				len -= rn(r, s.plen + 1);
			else
				for (i = rn(r, 64); i > 0 && len < 1500; i--)
					p[len++] = rn(r, 256);
			break;
		case 11:	/* window, urgent pointer */
			put16(t + 14, rn(r, 2) ? 0 : rn(r, 65536));
			if (rn(r, 2))
				put16(t + 18, rn(r, 65536));
			break;
		case 12:	/* any bit of the TCP header */
			t[rn(r, s.thl)] ^= 1 << rn(r, 8);
			break;
		case 13:	/* duplicate the first 16 bytes of payload */
			if (s.plen >= 16 && len + 16 < 1500) {
				memmove(p + s.toff + s.thl + 16, p + s.toff + s.thl, s.plen);
				len += 16;
			}
			break;
		}
		if (len < s.toff + 20)
			len = s.toff + 20;
		s.plen = len - s.toff - s.thl;
		if (s.plen < 0)
			s.plen = 0;
	}
	if (csum)
		fix(p, len, &s);
	else if (s.v6)
		put16(p + 4, len - 40);
	else
		put16(p + 2, len);
	/* the IP length field itself, now and then */
	if (rn(r, 32) == 0) {
		if (s.v6)
			put16(p + 4, get16(p + 4) + rn(r, 64) - 32);
		else
			put16(p + 2, get16(p + 2) + rn(r, 64) - 32);
	}
	return len;
}

/* ---- writing into a tun, maybe fragmented ---- */
static struct kcov relay_kcov;

static int tun_write(struct rng *r, int side, const uint8_t *p, int len, int frag)
{
	uint8_t f[PKTMAX + 64];
	int fresh, hl, off, chunk, dl, n;
	static uint32_t id = 1;

	record_pkt(side, p, len);
	kcov_begin(&relay_kcov);
	if (!frag || len < 60) {
		if (write(tun[side], p, len) < 0 && errno != EIO && errno != EINVAL)
			fprintf(stderr, "kfuzz: write tun: %s\n", strerror(errno));
		return kcov_end(&relay_kcov);
	}
	/* IP fragments of chunk bytes (a multiple of 8), in order or last first */
	if ((p[0] >> 4) == 4) {
		hl = (p[0] & 15) * 4;
		dl = len - hl;
		chunk = 8 * (1 + rn(r, (dl - 1) / 8 ? (dl - 1) / 8 : 1));
		for (n = 0, off = 0; off < dl; off += chunk, n++) {
			int l = dl - off < chunk ? dl - off : chunk;

			memcpy(f, p, hl);
			memcpy(f + hl, p + hl + off, l);
			put16(f + 2, hl + l);
			put16(f + 4, id);
			put16(f + 6, (off / 8) | (off + l < dl ? 0x2000 : 0));
			put16(f + 10, 0);
			put16(f + 10, csum_fold(csum_add(0, f, hl)));
			if (write(tun[side], f, hl + l) < 0)
				break;
		}
	} else {
		dl = len - 40;
		chunk = 8 * (1 + rn(r, (dl - 1) / 8 ? (dl - 1) / 8 : 1));
		for (n = 0, off = 0; off < dl; off += chunk, n++) {
			int l = dl - off < chunk ? dl - off : chunk;

			memcpy(f, p, 40);
			f[6] = 44;
			f[40] = p[6];
			f[41] = 0;
			put16(f + 42, off | (off + l < dl ? 1 : 0));
			put32(f + 44, id);
			memcpy(f + 48, p + 40 + off, l);
			put16(f + 4, 8 + l);
			if (write(tun[side], f, 48 + l) < 0)
				break;
		}
	}
	id++;
	fresh = kcov_end(&relay_kcov);
	return fresh;
}

/* ---- flows seen on the relay, to aim injections at ---- */
struct flow {
	struct seg s;		/* the last segment in this direction */
	double when;
};
#define NFLOWS 64
static struct flow flows[NFLOWS];

static int same_dir(const struct seg *a, const struct seg *b)
{
	return a->v6 == b->v6 && a->sport == b->sport && a->dport == b->dport &&
	       !memcmp(a->src, b->src, 16) && !memcmp(a->dst, b->dst, 16);
}

static void flow_note(const struct seg *s)
{
	int i, old = 0;

	for (i = 0; i < NFLOWS; i++) {
		if (same_dir(&flows[i].s, s))
			break;
		if (flows[i].when < flows[old].when)
			old = i;
	}
	if (i == NFLOWS)
		i = old;
	flows[i].s = *s;
	flows[i].when = now();
}

static const struct seg *flow_rev(const struct seg *s)
{
	struct seg r = *s;
	int i;

	memcpy(r.src, s->dst, 16);
	memcpy(r.dst, s->src, 16);
	r.sport = s->dport;
	r.dport = s->sport;
	for (i = 0; i < NFLOWS; i++)
		if (flows[i].when && same_dir(&flows[i].s, &r))
			return &flows[i].s;
	return NULL;
}

/* Rewrite p's addresses, ports, seq and ack (network byte order addresses). */
static void retarget(uint8_t *p, int len, const struct seg *to, uint32_t seq, uint32_t ack)
{
	struct seg s;
	uint8_t hdr[40];

	if (parse(p, len, &s) || s.v6 != to->v6)
		return;
	if (s.v6) {
		memcpy(p + 8, to->src, 16);
		memcpy(p + 24, to->dst, 16);
	} else {
		memcpy(p + 12, to->src, 4);
		memcpy(p + 16, to->dst, 4);
	}
	memcpy(hdr, p + s.toff, 20);
	put16(p + s.toff, to->sport);
	put16(p + s.toff + 2, to->dport);
	put32(p + s.toff + 4, seq);
	put32(p + s.toff + 8, ack);
	fix(p, len, &s);
}

/* A segment of the right family from the corpus, for flow f. */
static int pick_for(struct rng *r, int v6, uint8_t mask, uint8_t val, int server, int payload,
		    uint8_t *out)
{
	struct seg s;
	int i, len;

	for (i = 0; i < 16; i++) {
		len = corpus_pick(r, mask, val, server, payload, out);
		if (len && !parse(out, len, &s) && s.v6 == v6)
			return len;
	}
	return 0;
}

/* Inject a mutated seed into a live A<->B connection. */
static void inject(struct rng *r)
{
	uint8_t p[PKTMAX];
	const struct flow *f = &flows[rn(r, NFLOWS)];
	const struct seg *rev;
	int len, side, fresh;

	if (!f->when || now() - f->when > 5)
		return;
	len = pick_for(r, f->s.v6, 0, 0, is_listen_port(f->s.sport), -1, p);
	if (!len)
		return;
	rev = flow_rev(&f->s);
	retarget(p, len, &f->s, seg_end(&f->s) + (rn(r, 4) ? 0 : rn(r, 3000) - 1500),
		 rev ? seg_end(rev) : f->s.ack);
	if (rn(r, 8))
		len = mutate(r, p, len);
	side = addr_side(&f->s, f->s.dst) == 2;
	fresh = tun_write(r, side, p, len, rn(r, 16) == 0);
	st_inj++;
	if (fresh) {
		corpus_add(p, len, is_listen_port(f->s.sport));
		st_corpus_new++;
	}
}

/* ---- kfuzz's own peer, 10.9.0.3 / fd09::3, talking to A ---- */
struct peerconn {
	struct seg key;		/* A -> peer direction */
	uint32_t nxt;		/* our next sequence number */
	int used;
};
static struct peerconn pconns[32];

static struct peerconn *peer_find(const struct seg *s, int create)
{
	int i;

	for (i = 0; i < 32; i++)
		if (pconns[i].used && same_dir(&pconns[i].key, s))
			return &pconns[i];
	if (!create)
		return NULL;
	i = create - 1;
	pconns[i % 32].used = 1;
	pconns[i % 32].key = *s;
	return &pconns[i % 32];
}

static void peer_send(struct rng *r, const struct seg *in, uint8_t *p, int len, uint32_t seq,
		      uint32_t ack)
{
	struct seg to = *in;

	memcpy(to.src, in->dst, 16);
	memcpy(to.dst, in->src, 16);
	to.sport = in->dport;
	to.dport = in->sport;
	retarget(p, len, &to, seq, ack);
	if (rn(r, 3) == 0)
		len = mutate(r, p, len);
	if (tun_write(r, 0, p, len, rn(r, 24) == 0)) {
		corpus_add(p, len, 0);
		st_corpus_new++;
	}
	st_resp++;
}

/* A segment from A to the peer: answer as a server (A's SYN) or as a client. */
static void peer_answer(struct rng *r, const struct seg *s)
{
	uint8_t p[PKTMAX];
	struct peerconn *c;
	struct seg ps;
	int len, server = s->dport < 40000;

	if (s->flags & 4)
		return;
	if ((s->flags & 0x12) == 2) {		/* SYN: we are the server */
		len = pick_for(r, s->v6, 0x12, 0x12, 1, -1, p);
		if (!len)
			return;
		c = peer_find(s, 1 + rn(r, 32));
		c->nxt = rnd(r);
		peer_send(r, s, p, len, c->nxt, s->seq + 1);
		c->nxt++;
		return;
	}
	c = peer_find(s, 0);
	if ((s->flags & 0x12) == 0x12) {	/* SYN-ACK to our SYN: INIT1 or an ACK */
		if (!c)
			return;
		len = pick_for(r, s->v6, 0x17, 0x10, 0, rn(r, 2), p);
		if (!len)
			return;
		peer_send(r, s, p, len, s->ack, s->seq + 1);
		if (!parse(p, len, &ps))
			c->nxt = s->ack + ps.plen;
		return;
	}
	if (!c || (!s->plen && !(s->flags & 1)))
		return;
	/* data or FIN: answer with data of our side, an ACK, a FIN or a RST */
	switch (rn(r, 8)) {
	case 0:
		len = pick_for(r, s->v6, 0x04, 0x04, -1, -1, p);
		break;
	case 1:
		len = pick_for(r, s->v6, 0x01, 0x01, server, -1, p);
		break;
	default:
		len = pick_for(r, s->v6, 0x17, 0x10, server, rn(r, 4) != 0, p);
	}
	if (!len)
		return;
	peer_send(r, s, p, len, c->nxt, seg_end(s));
	if (!parse(p, len, &ps))
		c->nxt += ps.plen + !!(ps.flags & 1);
}

/* Open a connection from the peer to a listener of A with a captured SYN. */
static void peer_connect(struct rng *r)
{
	uint8_t p[PKTMAX];
	struct seg s, to;
	struct peerconn *c;
	int len, v6 = rn(r, 2);

	len = pick_for(r, v6, 0x12, 0x02, 0, -1, p);
	if (!len || parse(p, len, &s))
		return;
	memset(&to, 0, sizeof(to));
	to.v6 = v6;
	if (v6) {
		to.src[0] = to.dst[0] = 0xfd;
		to.src[1] = to.dst[1] = 0x09;
		to.src[15] = 3;
		to.dst[15] = 1;
	} else {
		to.src[0] = to.dst[0] = 10;
		to.src[1] = to.dst[1] = 9;
		to.src[3] = 3;
		to.dst[3] = 1;
	}
	to.sport = 40000 + rn(r, 20000);
	to.dport = ports[rn(r, NPORTS)];
	retarget(p, len, &to, rnd(r), 0);
	/* remember it as A -> peer, the direction answers come in */
	memcpy(s.src, to.dst, 16);
	memcpy(s.dst, to.src, 16);
	s.sport = to.dport;
	s.dport = to.sport;
	s.v6 = v6;
	c = peer_find(&s, 1 + rn(r, 32));
	if (rn(r, 4) == 0)
		len = mutate(r, p, len);
	if (tun_write(r, 0, p, len, 0)) {
		corpus_add(p, len, 0);
		st_corpus_new++;
	}
	c->nxt = 0;
	st_resp++;
}

/* ---- the relay ---- */
struct delayed {
	uint8_t b[PKTMAX];
	int len, side;
	double at;
};
#define NDELAY 32
static struct delayed delayq[NDELAY];

static int has_marker(const uint8_t *p, int len)
{
	return memmem(p, len, MARKER, sizeof(MARKER) - 1) != NULL;
}

static void replay(const char *dir)
{
	struct dirent *d;
	DIR *dd = opendir(dir);
	char path[512], *line = NULL;
	size_t cap = 0;
	uint8_t p[PKTMAX];
	int n = 0, skip = 0;

	if (!dd)
		return;
	while ((d = readdir(dd))) {
		FILE *f;

		if (!strstr(d->d_name, ".repro"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		fprintf(stderr, "kfuzz: replaying %s\n", path);
		while (getline(&line, &cap, f) > 0) {
			char side;
			int len = 0, i;
			char *h;

			/* what left a namespace (between "L" lines) is not replayed */
			if (!strncmp(line, "L ", 2)) {
				skip = strncmp(line, "L end", 5) != 0;
				continue;
			}
			if (skip || sscanf(line, "P %c", &side) != 1)
				continue;
			h = line + 4;
			for (i = 0; h[2 * i] && h[2 * i + 1] && h[2 * i] != '\n' && len < PKTMAX; i++) {
				unsigned int v;

				if (sscanf(h + 2 * i, "%2x", &v) != 1)
					break;
				p[len++] = v;
			}
			/* a malformed segment may be refused: fine */
			if (len && write(tun[side == 'B'], p, len) < 0)
				continue;
			usleep(1000);
			n++;
		}
		fclose(f);
	}
	closedir(dd);
	free(line);
	fprintf(stderr, "kfuzz: replayed %d segment(s)\n", n);
}

static void relay(void)
{
	struct rng r;
	uint8_t p[PKTMAX], m[PKTMAX];
	struct pollfd pf[2];
	double warm = t0 + (secs > 30 ? 8 : secs / 4.0), next_inj = 0, next_conn = 0;
	int i, len, side;
	struct seg s;

	rng_init(&r, 1);
	kcov_init(&relay_kcov);
	while (now() - t0 < secs && !stop) {
		double t = now();

		pf[0].fd = tun[0];
		pf[1].fd = tun[1];
		pf[0].events = pf[1].events = POLLIN;
		poll(pf, 2, 5);
		for (i = 0; i < NDELAY; i++)
			if (delayq[i].len && delayq[i].at <= t) {
				tun_write(&r, delayq[i].side, delayq[i].b, delayq[i].len, 0);
				delayq[i].len = 0;
			}
		if (t > warm && t > next_inj) {
			inject(&r);
			next_inj = t + 0.002 * rn(&r, 20);
		}
		if (t > warm && t > next_conn) {
			peer_connect(&r);
			next_conn = t + 0.05 * rn(&r, 10);
		}
		for (side = 0; side < 2; side++) {
			if (!(pf[side].revents & POLLIN))
				continue;
			while ((len = read(tun[side], p, sizeof(p))) > 0) {
				int to;

				if (has_marker(p, len)) {
					static uint32_t last_leak;
					uint32_t ports4 = parse(p, len, &s) ? 0 :
							  (uint32_t)s.sport << 16 | s.dport;

					st_marker++;
					fprintf(stderr, "kfuzz: INVARIANT: the plaintext marker left namespace %c on the wire (%d bytes)\n",
						side ? 'B' : 'A', len);
					record_to(1, "L %c (the segment that left %c in plaintext, next line)\n",
						  side ? 'B' : 'A', side ? 'B' : 'A');
					record_pkt_to(1, side, p, len);
					record_to(1, "L end\n");
					/* one reproducer a connection */
					if (ports4 != last_leak)
						save_repro("plaintext marker on the wire");
					last_leak = ports4;
				}
				if (parse(p, len, &s))
					continue;
				to = addr_side(&s, s.dst);
				if (to == 3) {
					/* the peer talks to A only */
					if (side == 0)
						peer_answer(&r, &s);
					continue;
				}
				if (to != 1 && to != 2)
					continue;
				flow_note(&s);
				if (t < warm || rn(&r, 4) == 0)
					corpus_add(p, len, is_listen_port(s.sport));
				to = to == 2;
				if (t > warm) {
					switch (rn(&r, 40)) {
					case 0:
						st_drop++;
						continue;
					case 1:
						tun_write(&r, to, p, len, 0);
						st_dup++;
						break;
					case 2:
						for (i = 0; i < NDELAY && delayq[i].len; i++)
							;
						if (i < NDELAY) {
							memcpy(delayq[i].b, p, len);
							delayq[i].len = len;
							delayq[i].side = to;
							delayq[i].at = t + 0.01 * (1 + rn(&r, 30));
							st_delay++;
							continue;
						}
						break;
					case 3:
					case 4:
					case 5:
						memcpy(m, p, len);
						len = mutate(&r, m, len);
						if (tun_write(&r, to, m, len, rn(&r, 8) == 0)) {
							corpus_add(m, len, is_listen_port(s.sport));
							st_corpus_new++;
						}
						st_mut++;
						continue;
					}
				}
				/* forwarded as is */
				record_pkt_to(0, to, p, len);
				kcov_begin(&relay_kcov);
				if (write(tun[to], p, len) < 0)
					fprintf(stderr, "kfuzz: forward: %s\n", strerror(errno));
				kcov_end(&relay_kcov);
				st_fwd++;
			}
		}
	}
}

/* ---- workload: listeners and clients ---- */
struct wconn {
	int fd, must;		/* must: this end requires tcpcrypt */
	double until;
};

static int tcp_socket(int v6)
{
	int fd = socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
	struct timeval tv = { 0, 100000 };

	if (fd >= 0) {
		setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof(tv));
		setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	}
	return fd;
}

static int set_int(int fd, int opt, int v)
{
	return setsockopt(fd, IPPROTO_TCP, opt, &v, sizeof(v));
}

/* Whether fd requires tcpcrypt: only such sockets send the marker. */
static int required(int fd)
{
	int v = -1;
	socklen_t l = sizeof(v);

	return !getsockopt(fd, IPPROTO_TCP, TCP_CRYPT_CMODE, &v, &l) &&
	       (v & ~TCP_CRYPT_CMODE_NK) == TCP_CRYPT_CMODE_ALWAYS;
}

static void fill_addr(struct sockaddr_storage *ss, socklen_t *sl, int v6, int host, int port)
{
	memset(ss, 0, sizeof(*ss));
	if (v6) {
		struct sockaddr_in6 *a = (void *)ss;

		a->sin6_family = AF_INET6;
		a->sin6_port = htons(port);
		a->sin6_addr.s6_addr[0] = 0xfd;
		a->sin6_addr.s6_addr[1] = 0x09;
		a->sin6_addr.s6_addr[15] = host;
		*sl = sizeof(*a);
	} else {
		struct sockaddr_in *a = (void *)ss;

		a->sin_family = AF_INET;
		a->sin_port = htons(port);
		a->sin_addr.s_addr = htonl(0x0a090000 | host);
		*sl = sizeof(*a);
	}
}

struct wl_arg {
	const char *ns;
	int id, peer;		/* hosts clients connect to: peer, and 3 from A */
};

static void *workload(void *arg)
{
	struct wl_arg *w = arg;
	struct wconn c[24] = { 0 };
	int lfd[NPORTS], i, k, one = 1, zero = 0;
	struct kcov kc;
	struct rng r;
	char buf[4096], msg[256];

	enter_ns(w->ns);
	rng_init(&r, 100 + w->id);
	kcov_init(&kc);
	for (i = 0; i < NPORTS; i++) {
		struct sockaddr_in6 a = { .sin6_family = AF_INET6, .sin6_port = htons(ports[i]) };

		lfd[i] = tcp_socket(1);
		setsockopt(lfd[i], SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
		setsockopt(lfd[i], IPPROTO_IPV6, IPV6_V6ONLY, &zero, sizeof(zero));
		/* the options work only through the ULP */
		if (i >= 1 && setsockopt(lfd[i], IPPROTO_TCP, TCP_ULP, TCP_CRYPT_ULP_NAME, 8))
			die("TCP_ULP on the listener");
		if (i == 2 && set_int(lfd[i], TCP_CRYPT_CMODE, TCP_CRYPT_CMODE_ALWAYS))
			die("TCP_CRYPT_CMODE on the listener");
		if (bind(lfd[i], (void *)&a, sizeof(a)) || listen(lfd[i], 64))
			die("listen %d", ports[i]);
	}
	for (i = 0; i < 24; i++)
		c[i].fd = -1;
	while (!stop) {
		double t = now();

		kcov_begin(&kc);
		/* accept */
		for (i = 0; i < NPORTS; i++) {
			int fd;

			while ((fd = accept4(lfd[i], NULL, NULL, SOCK_NONBLOCK)) >= 0) {
				for (k = 0; k < 24 && c[k].fd >= 0; k++)
					;
				if (k == 24) {
					close(fd);
					continue;
				}
				c[k].fd = fd;
				c[k].must = required(fd);
				if (i == 2 && !c[k].must)
					fprintf(stderr, "kfuzz: a socket accepted by the required listener is not required\n");
				c[k].until = t + 0.2 + rn(&r, 30) / 10.0;
			}
		}
		/* a new client now and then */
		if (rn(&r, 4) == 0) {
			for (k = 0; k < 24 && c[k].fd >= 0; k++)
				;
			if (k < 24) {
				struct sockaddr_storage ss;
				socklen_t sl;
				int v6 = rn(&r, 2), mode = rn(&r, 6), fd = tcp_socket(v6);
				int host = w->peer == 2 && rn(&r, 2) ? 3 : w->peer;

				/* modes 0 and 4 without the ULP: the option fails */
				if (mode != 0 && mode != 4)
					setsockopt(fd, IPPROTO_TCP, TCP_ULP, TCP_CRYPT_ULP_NAME, 8);
				if (mode == 2 || mode == 5)
					set_int(fd, TCP_CRYPT_CMODE, rn(&r, 2) ? TCP_CRYPT_CMODE_ALWAYS
									  : TCP_CRYPT_CMODE_ALWAYS_NK);
				c[k].must = required(fd);
				if (mode == 3)
					set_int(fd, TCP_CRYPT_CMODE, TCP_CRYPT_CMODE_DEFAULT_NK);
				if (mode == 4)
					set_int(fd, TCP_CRYPT_SUPPORT, 1 + rn(&r, 2));
				if (rn(&r, 8) == 0) {
					struct linger l = { 1, 0 };

					setsockopt(fd, SOL_SOCKET, SO_LINGER, &l, sizeof(l));
				}
				fill_addr(&ss, &sl, v6, host, ports[rn(&r, NPORTS)]);
				if (connect(fd, (void *)&ss, sl) && errno != EINPROGRESS) {
					close(fd);
				} else {
					c[k].fd = fd;
					c[k].until = t + 0.3 + rn(&r, 40) / 10.0;
					st_conns++;
				}
			}
		}
		/* traffic */
		for (k = 0; k < 24; k++) {
			int n;

			if (c[k].fd < 0)
				continue;
			while ((n = recv(c[k].fd, buf, sizeof(buf), 0)) > 0)
				;
			if (n == 0 || t > c[k].until || (n < 0 && errno != EAGAIN)) {
				if (rn(&r, 4) == 0) {
					uint8_t sid[32];
					socklen_t l = sizeof(sid);

					getsockopt(c[k].fd, IPPROTO_TCP, TCP_CRYPT_SESSID, sid, &l);
				}
				close(c[k].fd);
				c[k].fd = -1;
				continue;
			}
			if (rn(&r, 3) == 0) {
				n = snprintf(msg, sizeof(msg), "%s %d %lu\n",
					     c[k].must ? MARKER : "kfuzz-plain-data", k, st_conns);
				for (i = rn(&r, 4); i > 0 && n + 40 < (int)sizeof(msg); i--)
					n += snprintf(msg + n, sizeof(msg) - n, "%s\n",
						      c[k].must ? MARKER : "kfuzz-plain");
				send(c[k].fd, msg, n, MSG_NOSIGNAL);
			}
		}
		kcov_end(&kc);
		usleep(2000 + rn(&r, 8000));
	}
	for (k = 0; k < 24; k++)
		if (c[k].fd >= 0)
			close(c[k].fd);
	for (i = 0; i < NPORTS; i++)
		close(lfd[i]);
	return NULL;
}

/* ---- socket options and generic netlink, syzkaller style ---- */
static const int crypt_opts[] = {
	TCP_CRYPT_ENABLE, TCP_CRYPT_CMODE, TCP_CRYPT_SESSID, TCP_CRYPT_PUBKEY, TCP_CRYPT_CONF,
	TCP_CRYPT_CACHE_FLUSH, TCP_CRYPT_SECURST, TCP_CRYPT_PKCONF, TCP_CRYPT_CCONF,
	TCP_CRYPT_SCONF, TCP_CRYPT_SUPPORT, TCP_CRYPT_BASE + 11, TCP_CRYPT_BASE - 1, TCP_ULP,
};
static const uint32_t vals[] = {
	0, 1, 2, 3, 0x100, 0x101, 0x102, 0x103, 0x200, 0x300, TCP_CRYPT_PK_RSA3, TCP_CRYPT_PK_P256,
	TCP_CRYPT_PK_X25519, TCP_CRYPT_SYM_AES128_HMAC, TCP_CRYPT_SYM_CHACHA20_HMAC, 0xffffffff,
	0x80000000, 0x7fffffff,
};
static const int lens[] = { 0, 1, 2, 3, 4, 5, 8, 12, 16, 17, 20, 28, 32, 33, 64, 520, 600, 4096 };

static int genl_family(int fd)
{
	struct {
		struct nlmsghdr n;
		struct genlmsghdr g;
		char buf[256];
	} req = { 0 };
	char resp[8192];
	struct nlattr *a;
	int len, off;

	req.n.nlmsg_type = GENL_ID_CTRL;
	req.n.nlmsg_flags = NLM_F_REQUEST;
	req.g.cmd = CTRL_CMD_GETFAMILY;
	req.g.version = 1;
	a = (void *)req.buf;
	a->nla_type = CTRL_ATTR_FAMILY_NAME;
	a->nla_len = NLA_HDRLEN + sizeof(TCPCRYPT_GENL_NAME);
	memcpy(req.buf + NLA_HDRLEN, TCPCRYPT_GENL_NAME, sizeof(TCPCRYPT_GENL_NAME));
	req.n.nlmsg_len = NLMSG_HDRLEN + GENL_HDRLEN + NLA_ALIGN(a->nla_len);
	if (send(fd, &req, req.n.nlmsg_len, 0) < 0)
		return -1;
	len = recv(fd, resp, sizeof(resp), 0);
	if (len < (int)(NLMSG_HDRLEN + GENL_HDRLEN))
		return -1;
	for (off = NLMSG_HDRLEN + GENL_HDRLEN; off + NLA_HDRLEN <= len;
	     off += NLA_ALIGN(a->nla_len)) {
		a = (void *)(resp + off);
		if (a->nla_len < NLA_HDRLEN)
			break;
		if (a->nla_type == CTRL_ATTR_FAMILY_ID)
			return *(uint16_t *)(resp + off + NLA_HDRLEN);
	}
	return -1;
}

/* A random attribute, sometimes nested, sometimes well-formed. */
static int rand_attr(struct rng *r, uint8_t *b, int room, int depth)
{
	static const char *strs[] = { "p256 x25519", "rsa3", "chacha20 aes128", "aes128", "bogus",
				      "default", "always-nk", "22,8000-8099", "10.0.0.0/8 fd00::/8",
				      "" };
	struct nlattr *a = (void *)b;
	int l = 0, k;

	if (room < NLA_HDRLEN + 8)
		return 0;
	a->nla_type = rn(r, 8) ? rn(r, TCPCRYPT_A_MAX + 3) : rn(r, 65536);
	switch (rn(r, 6)) {
	case 0:
		l = 1 << rn(r, 4);
		for (k = 0; k < l && k < room - NLA_HDRLEN; k++)
			b[NLA_HDRLEN + k] = rbyte(r);
		break;
	case 1:
		l = 4;
		memcpy(b + NLA_HDRLEN, &vals[rn(r, sizeof(vals) / 4)], 4);
		break;
	case 2:
		k = rn(r, 10);
		l = strlen(strs[k]) + 1;
		if (l > room - NLA_HDRLEN)
			l = 0;
		memcpy(b + NLA_HDRLEN, strs[k], l);
		break;
	case 3:		/* nested */
		if (depth < 3) {
			a->nla_type |= NLA_F_NESTED * rn(r, 2);
			for (k = rn(r, 4); k > 0; k--)
				l += rand_attr(r, b + NLA_HDRLEN + l, room - NLA_HDRLEN - l, depth + 1);
		}
		break;
	case 4:
		l = rn(r, 64);
		if (l > room - NLA_HDRLEN)
			l = room - NLA_HDRLEN;
		for (k = 0; k < l; k++)
			b[NLA_HDRLEN + k] = rn(r, 256);
		break;
	default:
		l = 0;
	}
	a->nla_len = NLA_HDRLEN + l;
	if (rn(r, 32) == 0)
		a->nla_len = rn(r, 2) ? rn(r, 4) : NLA_HDRLEN + l + rn(r, 64);
	return NLA_ALIGN(NLA_HDRLEN + l);
}

static void genl_op(struct rng *r, int fd, int fam, const char *who)
{
	uint8_t req[4096] = { 0 }, resp[16384];
	struct nlmsghdr *n = (void *)req;
	struct genlmsghdr *g = (void *)(req + NLMSG_HDRLEN);
	int off = NLMSG_HDRLEN + GENL_HDRLEN, k, loops;

	n->nlmsg_type = rn(r, 32) ? (uint32_t)fam : rn(r, 64);
	n->nlmsg_flags = NLM_F_REQUEST | (rn(r, 2) ? NLM_F_ACK : 0) | (rn(r, 3) ? 0 : NLM_F_DUMP);
	/* SET_CONFIG is kept rarer: it can switch tcpcrypt off for a while */
	g->cmd = rn(r, 10);
	if (g->cmd == TCPCRYPT_CMD_SET_CONFIG && rn(r, 3))
		g->cmd = TCPCRYPT_CMD_GET_CONFIG;
	g->version = rn(r, 8) ? 1 : rn(r, 256);
	for (k = rn(r, 5); k > 0; k--)
		off += rand_attr(r, req + off, sizeof(req) - off - 64, 0);
	n->nlmsg_len = off;
	if (rn(r, 32) == 0)
		n->nlmsg_len = rn(r, off + 16);
	record("# %s genl cmd %d flags %#x len %d\n", who, g->cmd, n->nlmsg_flags, off);
	send(fd, req, n->nlmsg_len, MSG_DONTWAIT);
	/* read the answer (dumps: several messages) */
	for (loops = 0; loops < 64; loops++) {
		struct pollfd pf = { fd, POLLIN, 0 };

		if (poll(&pf, 1, 20) <= 0 || recv(fd, resp, sizeof(resp), MSG_DONTWAIT) <= 0)
			break;
	}
	st_genl++;
}

static void restore_config(void)
{
	static const char *const w[][2] = {
		{ "enabled", "1" }, { "pubkeys", "p256 x25519" }, { "suites", "chacha20 aes128" },
		{ "exclude_ports", "" }, { "exclude_addrs", "" }, { "default_cmode", "default" },
		{ "cache_max", "1024" }, { "max_conns", "4096" }, { "max_handshakes", "1024" },
	};
	char p[128];
	unsigned int i;

	for (i = 0; i < sizeof(w) / sizeof(w[0]); i++) {
		int fd;

		snprintf(p, sizeof(p), "/proc/sys/net/tcpcrypt/%s", w[i][0]);
		fd = open(p, O_WRONLY);
		if (fd >= 0) {
			/* best effort: the fuzzing may have left any value */
			if (write(fd, w[i][1], strlen(w[i][1])) < 0)
				errno = 0;
			close(fd);
		}
	}
}

static void sockops(const char *ns, int id, int unpriv)
{
	struct rng r;
	struct kcov kc;
	int s[16], i, nl, fam = -1;
	char who[32];
	uint8_t buf[8192];
	unsigned long ops = 0;

	snprintf(who, sizeof(who), "%s-%d", unpriv ? "nobody" : "root", id);
	rng_init(&r, 200 + id);
	kcov_init(&kc);
	for (i = 0; i < 16; i++)
		s[i] = -1;
	nl = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (nl >= 0)
		fam = genl_family(nl);
	if (fam < 0)
		fprintf(stderr, "kfuzz: %s: no tcpcrypt genl family\n", who);
	(void)ns;
	while (!stop && now() - t0 < secs) {
		int k = rn(&r, 16), op = rn(&r, 10);

		kcov_begin(&kc);
		if (s[k] < 0 && op < 8)
			op = 8;
		switch (op) {
		case 0: case 1: case 2: {	/* setsockopt */
			int opt = crypt_opts[rn(&r, sizeof(crypt_opts) / sizeof(int))];
			int len = lens[rn(&r, sizeof(lens) / sizeof(int))], j;

			if (opt == TCP_ULP) {
				setsockopt(s[k], IPPROTO_TCP, TCP_ULP, rn(&r, 4) ? "tcpcrypt" : "tls", 8);
				break;
			}
			for (j = 0; j < len; j += 4) {
				uint32_t v = vals[rn(&r, sizeof(vals) / 4)];

				memcpy(buf + j, &v, 4);
			}
			if (opt == TCP_CRYPT_CACHE_FLUSH && rn(&r, 2)) {
				struct sockaddr_storage ss;
				socklen_t sl;

				fill_addr(&ss, &sl, rn(&r, 2), 1 + rn(&r, 3), 0);
				memcpy(buf, &ss, sl);
				len = rn(&r, 4) ? (int)sl : len;
			}
			record("# %s setsockopt %#x len %d\n", who, opt, len);
			setsockopt(s[k], IPPROTO_TCP, opt, rn(&r, 64) ? buf : NULL, len);
			break;
		}
		case 3: case 4: {		/* getsockopt */
			int opt = crypt_opts[rn(&r, sizeof(crypt_opts) / sizeof(int))];
			socklen_t len = lens[rn(&r, sizeof(lens) / sizeof(int))];

			getsockopt(s[k], IPPROTO_TCP, opt, buf, &len);
			break;
		}
		case 5: {			/* connect to a listener */
			struct sockaddr_storage ss;
			socklen_t sl;

			fill_addr(&ss, &sl, rn(&r, 2), 1 + rn(&r, 3), ports[rn(&r, NPORTS)]);
			connect(s[k], (void *)&ss, sl);
			st_conns++;
			break;
		}
		case 6: {			/* listen */
			struct sockaddr_in6 a = { .sin6_family = AF_INET6,
						  .sin6_port = htons(7100 + rn(&r, 20)) };

			bind(s[k], (void *)&a, sizeof(a));
			listen(s[k], 4);
			break;
		}
		case 7:
			if (rn(&r, 3) == 0) {
				struct linger l = { 1, 0 };

				setsockopt(s[k], SOL_SOCKET, SO_LINGER, &l, sizeof(l));
			}
			close(s[k]);
			s[k] = -1;
			break;
		case 8:
			if (s[k] >= 0)
				close(s[k]);
			s[k] = tcp_socket(rn(&r, 2));
			break;
		case 9:
			if (fam >= 0)
				genl_op(&r, nl, fam, who);
			break;
		}
		kcov_end(&kc);
		st_sockops++;
		if (!unpriv && ++ops % 300 == 0)
			restore_config();
		if (rn(&r, 8) == 0)
			usleep(1000);
	}
	for (i = 0; i < 16; i++)
		if (s[i] >= 0)
			close(s[i]);
}

struct so_arg {
	const char *ns;
	int id;
};

static void *sockops_thread(void *arg)
{
	struct so_arg *a = arg;

	enter_ns(a->ns);
	sockops(a->ns, a->id, 0);
	return NULL;
}

/* ---- the kernel log ---- */
static const char *const bad[] = { "BUG:", "WARNING:", "Oops", "general protection fault",
				   "refcount_t:", "list_add corruption", "list_del corruption",
				   "kernel BUG at", "UBSAN:", "KASAN:", "KFENCE:",
				   "possible circular locking", "inconsistent lock state",
				   "suspicious RCU usage", NULL };

static void *kmsg_thread(void *arg)
{
	char line[1024];
	int fd = open("/dev/kmsg", O_RDONLY | O_NONBLOCK), i;

	(void)arg;
	if (fd < 0)
		return NULL;
	lseek(fd, 0, SEEK_END);
	while (!stop) {
		ssize_t n = read(fd, line, sizeof(line) - 1);

		if (n <= 0) {
			if (n < 0 && errno == EPIPE)
				continue;
			usleep(50000);
			continue;
		}
		line[n] = 0;
		for (i = 0; bad[i]; i++)
			if (strstr(line, bad[i])) {
				char *m = strchr(line, ';');

				st_reports++;
				fprintf(stderr, "kfuzz: kernel report: %s", m ? m + 1 : line);
				save_repro(m ? m + 1 : line);
				break;
			}
	}
	close(fd);
	return NULL;
}

/* ---- coverage output ---- */
struct sect {
	char name[64];
	uint64_t base;
};

static void dump_pcs(void)
{
	struct sect sec[64];
	int ns = 0, i, best;
	DIR *d = opendir("/sys/module/tcpcrypt/sections");
	struct dirent *e;
	uint64_t kaslr = 0;
	char path[600], line[256];
	FILE *f;
	size_t h, n = 0;

	if (!pcset_n)
		return;
	/* kcov records PCs minus the KASLR offset */
	f = fopen("/proc/kallsyms", "r");
	while (f && fgets(line, sizeof(line), f)) {
		unsigned long long a;
		char t, name[128];

		if (sscanf(line, "%llx %c %127s", &a, &t, name) == 3 && !strcmp(name, "_text")) {
			kaslr = a - 0xffffffff81000000ULL;
			break;
		}
	}
	if (f)
		fclose(f);
	while (d && (e = readdir(d)) && ns < 64) {
		unsigned long long a;

		if (e->d_name[0] != '.' || !strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof(path), "/sys/module/tcpcrypt/sections/%s", e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fscanf(f, "%llx", &a) == 1 && a) {
			snprintf(sec[ns].name, sizeof(sec[ns].name), "%.63s", e->d_name);
			sec[ns++].base = a;
		}
		fclose(f);
	}
	if (d)
		closedir(d);
	snprintf(path, sizeof(path), "%s/kcov-pcs.txt", outdir);
	f = fopen(path, "w");
	if (!f)
		return;
	fprintf(f, "# kaslr %#llx\n", (unsigned long long)kaslr);
	for (h = 0; h < PCSET_SIZE; h++) {
		uint64_t pc = pcset[h] ? pcset[h] + kaslr : 0;

		if (!pc)
			continue;
		for (best = -1, i = 0; i < ns; i++)
			if (sec[i].base <= pc && (best < 0 || sec[i].base > sec[best].base) &&
			    (!strncmp(sec[i].name, ".text", 5) || !strncmp(sec[i].name, ".init", 5) ||
			     !strncmp(sec[i].name, ".exit", 5) || !strncmp(sec[i].name, ".noinstr", 8)))
				best = i;
		if (best >= 0 && pc - sec[best].base < (1 << 22)) {
			fprintf(f, "%s %#llx\n", sec[best].name,
				(unsigned long long)(pc - sec[best].base));
			n++;
		} else {
			fprintf(f, "? %#llx\n", (unsigned long long)pc);
		}
	}
	fclose(f);
	fprintf(stderr, "kfuzz: %zu of %zu PCs in the module's sections, in %s\n", n, pcset_n, path);
}

static void usage(void)
{
	fprintf(stderr, "usage: kfuzz -A NS -B NS [-t SECONDS] [-s SEED] [-o OUTDIR] [-r REPRODIR] [-L LOGDEV]\n");
	exit(1);
}

int main(int argc, char **argv)
{
	pthread_t wl[2], so[2], km;
	struct wl_arg wa[2];
	struct so_arg sa[2];
	pid_t unpriv;
	int c, i, st;

	seed = time(NULL) ^ getpid();
	while ((c = getopt(argc, argv, "A:B:t:s:o:r:L:")) != -1) {
		switch (c) {
		case 'A': ns_a = optarg; break;
		case 'B': ns_b = optarg; break;
		case 't': secs = atoi(optarg); break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'o': outdir = optarg; break;
		case 'r': reprodir = optarg; break;
		case 'L': logdev = optarg; break;
		default: usage();
		}
	}
	fprintf(stderr, "kfuzz: seed %llu, %d seconds\n", (unsigned long long)seed, secs);
	srand(seed);
	signal(SIGPIPE, SIG_IGN);
	pcset = calloc(PCSET_SIZE, sizeof(*pcset));
	corpus = calloc(CORPUS, sizeof(*corpus));
	if (!pcset || !corpus)
		die("calloc");
	if (logdev) {
		struct termios tio;

		logfd = open(logdev, O_WRONLY | O_NOCTTY);
		if (logfd >= 0 && !tcgetattr(logfd, &tio)) {
			cfmakeraw(&tio);
			tcsetattr(logfd, TCSANOW, &tio);
		}
		record("S %llu\n", (unsigned long long)seed);
	}

	tun[1] = open_tun(ns_b, "kfb");
	tun[0] = open_tun(ns_a, "kfa");
	for (i = 0; i < 2; i++) {
		const char *ns = i ? ns_b : ns_a, *dev = i ? "kfb" : "kfa";

		sh("/usr/sbin/ip -n %s link set %s up mtu 1500", ns, dev);
		sh("/usr/sbin/ip -n %s addr add 10.9.0.%d/24 dev %s", ns, i + 1, dev);
		sh("/usr/sbin/ip -n %s addr add fd09::%d/64 dev %s nodad", ns, i + 1, dev);
	}

	t0 = now();
	if (reprodir)
		replay(reprodir);
	pthread_create(&km, NULL, kmsg_thread, NULL);

	/* the unprivileged process: socket options and netlink as nobody */
	unpriv = fork();
	if (unpriv == 0) {
		enter_ns(ns_a);
		if (setgid(65534) || setuid(65534))
			die("setuid nobody");
		sockops(ns_a, 9, 1);
		_exit(0);
	}
	for (i = 0; i < 2; i++) {
		wa[i].ns = i ? ns_b : ns_a;
		wa[i].id = i;
		wa[i].peer = i ? 1 : 2;
		pthread_create(&wl[i], NULL, workload, &wa[i]);
		sa[i].ns = i ? ns_b : ns_a;
		sa[i].id = i;
		pthread_create(&so[i], NULL, sockops_thread, &sa[i]);
	}
	enter_ns(ns_a);
	relay();
	stop = 1;
	for (i = 0; i < 2; i++) {
		pthread_join(wl[i], NULL);
		pthread_join(so[i], NULL);
	}
	kill(unpriv, SIGKILL);
	waitpid(unpriv, &st, 0);
	/* the last segments still in flight reach the kernel log checks */
	usleep(500000);
	pthread_join(km, NULL);
	dump_pcs();
	fprintf(stderr,
		"kfuzz: %.0fs: forwarded %lu, mutated %lu, injected %lu, peer %lu, dropped %lu, duplicated %lu, delayed %lu; corpus %d (+%lu by coverage); connections %lu, sockopt ops %lu, genl %lu; PCs %zu; kernel reports %lu; marker on the wire %lu\n",
		now() - t0, st_fwd, st_mut, st_inj, st_resp, st_drop, st_dup, st_delay, ncorpus,
		st_corpus_new, st_conns, st_sockops, st_genl, pcset_n, st_reports, st_marker);
	return st_marker ? 3 : 0;
}
