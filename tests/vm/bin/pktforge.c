// SPDX-License-Identifier: GPL-2.0
/*
 * pktforge: a scripted malicious peer for the VM tests, in the spirit of
 * packetdrill. It sniffs and injects TCP segments (IPv4 and IPv6) on a
 * packet socket bound to one interface of the namespace it runs in; what it
 * sends goes straight onto the link, past this namespace's own TCP, module
 * and netfilter.
 *
 *   pktforge [-w PCAP] [SCRIPT]   (standard input without SCRIPT)
 *
 * -w PCAP: write every frame received on DEV, and every frame sent, to
 * PCAP (raw IP, LINKTYPE_RAW), and once the script ends (passed or
 * failed) go on recording until SIGTERM; the exit status is the script's.
 *
 * One command a line; '#' starts a comment; words are separated by blanks,
 * "double quotes" group a word. Exit status 0 when every line succeeded,
 * 1 with a message naming the line otherwise.
 *
 *   iface DEV          sniff and send on DEV (first; opens the socket and
 *                      prints "pktforge: sniffing on DEV" to stderr).
 *                      Frames are queued from then on and every wait,
 *                      expect and expect-none reads the queue in order.
 *   peermac MAC        link-layer destination of what is sent (default:
 *                      the source of the last frame received on DEV)
 *   flush              forget the frames queued so far
 *   wait NAME [MS] FILTER...     read frames until a TCP segment matches
 *                      FILTER (default 5000 ms); remember it as NAME;
 *                      fail on timeout
 *   expect NAME [MS] FILTER...   the same
 *   expect-none [MS] FILTER...   fail if a matching segment comes within MS
 *                      (default 1000)
 *   send [reply-to NAME | as NAME] FIELD=VALUE...
 *                      build and inject a segment with correct checksums.
 *                      reply-to: from NAME's destination to its source,
 *                      seq=NAME.ack ack=NAME.end by default; as: NAME's
 *                      own direction, seq=NAME.seq ack=NAME.ack.
 *   keys NAME FILE [MS]  load the session keys of NAME's connection from
 *                      the module's keylog=1 output: FILE is /dev/kmsg or
 *                      a copy of the kernel log (dmesg); polled until a
 *                      complete block with NAME's addresses and ports is
 *                      there (default 5000 ms). Both directions; several
 *                      connections may be loaded.
 *   export NAME FILE   write NAME's fields to FILE as shell assignments
 *                      (NAME_src= NAME_dst= NAME_sport= NAME_dport=
 *                      NAME_seq= NAME_ack= NAME_end= NAME_len=
 *                      NAME_opts=HEX)
 *   sleep MS
 *   echo TEXT...
 *
 * FILTER words: src ADDR, dst ADDR, sport N, dport N, in (received on
 * DEV), out (sent from DEV), flags F (exactly F) or flags +F (at least F),
 * with F letters of S A R F P U (e.g. SA, RA, +S), crypt (has a CRYPT
 * option, kind 69), nocrypt, mac (has a MAC option, kind 70), nomac,
 * payload, nopayload, len N (payload length), has TEXT (payload contains
 * TEXT), opt HEX (the option area contains these bytes: opt 450307 is a
 * CRYPT(INIT1) option, opt 450308 CRYPT(INIT2)), macok / macbad (a MAC
 * option that is right / wrong for the loaded keys of the segment's
 * connection and direction; with macok, has TEXT looks at the decrypted
 * payload).
 *
 * send FIELDs: src= dst= sport= dport= (override), flags=F (default A),
 * seq=EXPR, ack=EXPR, win=EXPR (default 65535), ttl=N, opts=HEX (raw
 * option bytes, padded with EOL to 4), payload=HEX or payload="text"
 * (a value in quotes is text; \n in it is a newline), frag=N (split into
 * IP fragments of about N payload bytes: a fragment header on IPv6, MF
 * and offsets on IPv4), doff=N (the TCP data offset field, 0 to 15 words,
 * whatever the header's real size: doff=15 on a 20-byte header points
 * beyond the end of a short segment), hbh=1 (IPv6: an empty hop-by-hop
 * options header, PadN only, before TCP; not with frag=).
 * Copying and mutating what was captured (applied in the order given, so
 * that a mutation follows the opts= or payload= it works on):
 *   opts=@NAME         NAME's whole option area, byte for byte (a genuine
 *                      MAC included); opts=@NAME.crypt or opts=@NAME.mac:
 *                      only its CRYPT or MAC option
 *   addopt=HEX         append bytes to the option area
 *   patch=OFF:HEX      overwrite option bytes at OFF (the area grows if
 *                      needed): patch=1:ff makes a length byte lie
 *   optlen=N           cut the option area to N bytes or pad it with EOL
 *   strip=KIND         remove every option of KIND (strip=70: no MAC)
 *   corrupt=mac        flip a bit of the MAC option's tag
 *   corrupt=payload    flip a bit of the payload's last byte
 *   payload=@NAME      NAME's payload
 *   ppatch=OFF:HEX     overwrite payload bytes at OFF (e.g. a bad magic or
 *                      length field of an INIT message)
 *   paylen=N           cut the payload to N bytes or pad it with zeros
 * The option area is padded with EOL to a multiple of 4 at the end.
 * Sealing with the keys of the connection (keys first), done last, after
 * every other field, as the module's kmod/proto code does it:
 *   enc=auto           encrypt the payload for its place in the stream
 *   mac=auto           a correct MAC: the MAC option in the area gets the
 *                      tag, or one (kind 70, 18 bytes) is appended
 *   macseq=EXPR, macack=EXPR, macflags=F   make the MAC (macseq: and the
 *                      keystream) for these values instead of those sent:
 *                      a sealed segment moved or altered
 *   urg=EXPR           the urgent pointer (MACed)
 *   tsval=EXPR, tsecr=EXPR   set the Timestamps option's values (it must
 *                      be there, e.g. from opts=@NAME): a forged segment
 *                      needs a fresh TSval or PAWS drops it
 * Sequence numbers are extended to 64 bits from 0 each time, which is
 * what the module computes in the first 2 GiB of each direction. Both
 * suites (0x200, 0x100) are supported.
 * Without keys, a script gets a valid MAC only by replaying a captured
 * one (opts=@NAME).
 * EXPR: terms joined by + or -, a term a number or NAME.FIELD with FIELD
 * one of seq, ack, end (seq + len + SYN + FIN), len, win, sport, dport,
 * tsval, tsecr (of its Timestamps option);
 * 32-bit arithmetic.
 *
 * What is sent bypasses DEV's qdisc: a netem delay there holds back the
 * namespace's own segments, not the forged ones.
 * IPv4 and IPv6 fragments are not matched. Segments the tool sends itself
 * are not seen by it. Each segment is logged with its option bytes in hex.
 * tests/vm/segtest/README.md describes the scripts the segtest VM test
 * runs with this tool, and their "#!" header lines.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

/* The protocol core of the module (kmod/proto), for MACs and keystreams. */
#include "suite.h"
#include "tcpopt.h"

#define MAXWORDS	64
#define MAXNAMES	32
#define MAXPAY		4096
#define OPT_CRYPT	69
#define OPT_MAC		70

struct seg {
	char name[32];
	int fam;			/* AF_INET or AF_INET6 */
	unsigned char saddr[16], daddr[16];
	uint16_t sport, dport;
	uint32_t seq, ack;
	uint16_t win, urg;
	uint8_t flags;
	int out;			/* sent from DEV */
	int crypt, mac;
	unsigned int optlen;		/* bytes of the option area */
	unsigned char opt[40];
	unsigned int len;
	unsigned char payload[MAXPAY];
};

static size_t parse_hex(const char *s, unsigned char *buf, size_t max);

static struct seg segs[MAXNAMES];
static int nsegs;
static int pfd = -1, ifindex;
static unsigned char peermac[ETH_ALEN];
static int have_peermac;
static int lineno;
static const char *script = "stdin";
static FILE *pcap;			/* -w: every frame seen or sent */
static volatile sig_atomic_t stop;

static void drain(void);

static void fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "pktforge: %s:%d: ", script, lineno);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	/* The capture goes on to the end of the run all the same. */
	drain();
	exit(1);
}

static long long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000LL + ts.tv_nsec / 1000000;
}

static long num(const char *s, long max)
{
	char *end;
	long v;

	errno = 0;
	v = strtol(s, &end, 0);
	if (errno || *end || end == s || v < 0 || v > max)
		fail("bad number '%s' (0 to %ld)", s, max);
	return v;
}

static int isnum(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (!isdigit((unsigned char)*s))
			return 0;
	return 1;
}

/* ---- segments ----------------------------------------------------------- */

static const char flagchars[] = "FSRPAU";	/* bit order of th_flags */

static int parse_flags(const char *s)
{
	int f = 0;
	const char *p;

	for (; *s; s++) {
		p = strchr(flagchars, toupper((unsigned char)*s));
		if (!p)
			fail("bad flag '%c' (one of %s)", *s, flagchars);
		f |= 1 << (p - flagchars);
	}
	return f;
}

static void flagstr(int f, char *buf)
{
	int i;

	for (i = 0; i < 6; i++)
		if (f & (1 << i))
			*buf++ = flagchars[i];
	*buf = 0;
}

static void addrstr(const struct seg *s, const unsigned char *a, char *buf)
{
	inet_ntop(s->fam, a, buf, INET6_ADDRSTRLEN);
}

static void show(const char *what, const struct seg *s)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN], f[8];
	unsigned int i;

	addrstr(s, s->saddr, a);
	addrstr(s, s->daddr, b);
	flagstr(s->flags, f);

	fprintf(stderr, "pktforge: %s: %s %s.%u > %s.%u [%s] seq %u ack %u win %u len %u%s%s",
		what, s->out ? "out" : "in", a, s->sport, b, s->dport, f,
		s->seq, s->ack, s->win, s->len, s->crypt ? " crypt" : "",
		s->mac ? " mac" : "");
	if (s->optlen)
		fputs(" opts ", stderr);
	for (i = 0; i < s->optlen; i++)
		fprintf(stderr, "%02x", s->opt[i]);
	fputc('\n', stderr);
}

/* Parse a TCP segment from an IP packet; 0 if it is not one (or a fragment). */
static int parse_seg(const unsigned char *p, size_t n, struct seg *s)
{
	unsigned int hl, tlen, doff, i;
	uint8_t nh;

	memset(s, 0, sizeof(*s) - sizeof(s->payload));
	if (n >= 20 && (p[0] >> 4) == 4) {
		hl = (p[0] & 15) * 4;
		tlen = (p[2] << 8) | p[3];
		if (hl < 20 || tlen < hl || tlen > n || p[9] != IPPROTO_TCP)
			return 0;
		if (((p[6] << 8) | p[7]) & 0x3fff)	/* MF or an offset */
			return 0;
		s->fam = AF_INET;
		memcpy(s->saddr, p + 12, 4);
		memcpy(s->daddr, p + 16, 4);
		p += hl;
		n = tlen - hl;
	} else if (n >= 40 && (p[0] >> 4) == 6) {
		tlen = (p[4] << 8) | p[5];
		if (40 + tlen > n)
			return 0;
		nh = p[6];
		s->fam = AF_INET6;
		memcpy(s->saddr, p + 8, 16);
		memcpy(s->daddr, p + 24, 16);
		p += 40;
		n = tlen;
		/* Hop-by-hop, routing and destination options are skipped. */
		while (nh == 0 || nh == 43 || nh == 60) {
			if (n < 8 || (p[1] + 1) * 8u > n)
				return 0;
			hl = (p[1] + 1) * 8;
			nh = p[0];
			p += hl;
			n -= hl;
		}
		if (nh != IPPROTO_TCP)
			return 0;
	} else {
		return 0;
	}
	if (n < 20)
		return 0;
	doff = (p[12] >> 4) * 4;
	if (doff < 20 || doff > n)
		return 0;
	s->sport = (p[0] << 8) | p[1];
	s->dport = (p[2] << 8) | p[3];
	s->seq = (uint32_t)p[4] << 24 | p[5] << 16 | p[6] << 8 | p[7];
	s->ack = (uint32_t)p[8] << 24 | p[9] << 16 | p[10] << 8 | p[11];
	s->flags = p[13] & 0x3f;
	s->win = (p[14] << 8) | p[15];
	s->urg = (p[18] << 8) | p[19];
	s->optlen = doff - 20;
	memcpy(s->opt, p + 20, s->optlen);
	for (i = 20; i < doff;) {
		if (p[i] == 0)
			break;
		if (p[i] == 1) {
			i++;
			continue;
		}
		if (i + 1 >= doff || p[i + 1] < 2 || i + p[i + 1] > doff)
			break;
		if (p[i] == OPT_CRYPT)
			s->crypt = 1;
		if (p[i] == OPT_MAC)
			s->mac = 1;
		i += p[i + 1];
	}
	s->len = n - doff;
	memcpy(s->payload, p + doff, s->len < MAXPAY ? s->len : MAXPAY);
	return 1;
}

/* The Timestamps option (kind 8, length 10) in an option area, or NULL. */
static unsigned char *ts_opt(unsigned char *o, size_t n)
{
	size_t i = 0;

	while (i < n && o[i] != 0) {
		if (o[i] == 1) {
			i++;
			continue;
		}
		if (i + 1 >= n || o[i + 1] < 2 || i + o[i + 1] > n)
			return NULL;
		if (o[i] == 8 && o[i + 1] == 10)
			return o + i;
		i += o[i + 1];
	}
	return NULL;
}

static struct seg *lookup(const char *name)
{
	int i;

	for (i = 0; i < nsegs; i++)
		if (!strcmp(segs[i].name, name))
			return &segs[i];
	fail("no segment named '%s' yet", name);
	return NULL;
}

static uint32_t field(const char *ref)
{
	char name[32];
	const char *dot = strchr(ref, '.');
	struct seg *s;

	if (!dot || dot - ref >= (long)sizeof(name))
		fail("bad reference '%s' (NAME.FIELD)", ref);
	memcpy(name, ref, dot - ref);
	name[dot - ref] = 0;
	s = lookup(name);
	dot++;
	if (!strcmp(dot, "seq"))
		return s->seq;
	if (!strcmp(dot, "ack"))
		return s->ack;
	if (!strcmp(dot, "len"))
		return s->len;
	if (!strcmp(dot, "end"))
		return s->seq + s->len + !!(s->flags & 2) + !!(s->flags & 1);
	if (!strcmp(dot, "win"))
		return s->win;
	if (!strcmp(dot, "sport"))
		return s->sport;
	if (!strcmp(dot, "dport"))
		return s->dport;
	if (!strcmp(dot, "tsval") || !strcmp(dot, "tsecr")) {
		const unsigned char *p = ts_opt(s->opt, s->optlen);

		if (!p)
			fail("'%s' has no Timestamps option", name);
		p += dot[2] == 'v' ? 2 : 6;
		return (uint32_t)p[0] << 24 | p[1] << 16 | p[2] << 8 | p[3];
	}
	fail("unknown field '%s' (seq ack end len win sport dport tsval tsecr)", dot);
	return 0;
}

/* EXPR: terms joined by + and -. */
static uint32_t expr(const char *e)
{
	uint32_t v = 0;
	int neg = 0;
	char term[64];
	size_t k;

	if (!*e)
		fail("empty expression");
	while (*e) {
		k = strcspn(e, "+-");
		if (k == 0 || k >= sizeof(term))
			fail("bad expression near '%s'", e);
		memcpy(term, e, k);
		term[k] = 0;
		if (isdigit((unsigned char)term[0]))
			v += (neg ? -1u : 1u) * (uint32_t)num(term, 0xffffffffL);
		else
			v += (neg ? -1u : 1u) * field(term);
		e += k;
		if (*e) {
			neg = *e == '-';
			e++;
			if (!*e)
				fail("expression ends in an operator");
		}
	}
	return v;
}

/* ---- session keys (keys, mac=auto, enc=auto, macok) --------------------- */

/*
 * Both directions of one connection, from the module's keylog=1 output.
 * The MAC and keystream are computed statelessly: the 64-bit sequence
 * extension starts from 0 each time, which is what the module computes
 * for the first 2 GiB of each direction.
 */
struct keyset {
	int fam;
	unsigned char caddr[16], saddr[16];	/* tcpcrypt client, server */
	uint16_t cport, sport;
	u32 sym;
	struct tcpcrypt_dir_key c2s, s2c;
};

#define MAXKEYS		8
static struct keyset keysets[MAXKEYS];
static int nkeysets;

/* One keylog block as parsed so far. */
struct klblock {
	unsigned int have;		/* KL_* bits */
	unsigned char lip[16], pip[16];
	size_t alen;
	uint16_t lport, pport;
	u32 role, isn, isn_peer, sym;
	struct tcpcrypt_dir_secrets d[2];	/* C, S */
};

enum {
	KL_LIP = 1 << 0, KL_LPORT = 1 << 1, KL_PIP = 1 << 2, KL_PPORT = 1 << 3,
	KL_ROLE = 1 << 4, KL_ISN = 1 << 5, KL_ISNP = 1 << 6, KL_SYM = 1 << 7,
	KL_ENC_C = 1 << 8, KL_MAC_C = 1 << 9, KL_ACK_C = 1 << 10,
	KL_ENC_S = 1 << 11, KL_MAC_S = 1 << 12, KL_ACK_S = 1 << 13,
	KL_ALL = (1 << 14) - 1,
};

struct klparse {
	struct klblock cur, found;
	int in_block, have_found;
	const struct seg *want;		/* the connection looked for */
};

/* Exactly n bytes of hex into buf, or -1. */
static int kl_hex(const char *s, unsigned char *buf, size_t n)
{
	unsigned char tmp[64];

	if (strlen(s) != 2 * n || n > sizeof(tmp) || parse_hex(s, tmp, n) != n)
		return -1;
	memcpy(buf, tmp, n);
	return 0;
}

static int kl_u32(const char *s, u32 *v)
{
	char *end;
	unsigned long x;

	errno = 0;
	x = strtoul(s, &end, 16);
	if (errno || end == s || *end || x > 0xffffffffUL)
		return -1;
	*v = x;
	return 0;
}

/* Does block b belong to segment s's connection (either direction)? */
static int kl_matches(const struct klblock *b, const struct seg *s)
{
	size_t alen = s->fam == AF_INET ? 4 : 16;

	if (b->alen != alen)
		return 0;
	if (!memcmp(b->lip, s->saddr, alen) && !memcmp(b->pip, s->daddr, alen) &&
	    b->lport == s->sport && b->pport == s->dport)
		return 1;
	return !memcmp(b->lip, s->daddr, alen) && !memcmp(b->pip, s->saddr, alen) &&
	       b->lport == s->dport && b->pport == s->sport;
}

/* One log line; the "tcpcrypt-keylog: " prefix and anything before it go. */
static void kl_line(struct klparse *p, const char *line)
{
	static const char tag[] = "tcpcrypt-keylog: ";
	const char *t = strstr(line, tag);
	char key[32], val[512];
	struct klblock *b = &p->cur;
	int i;

	if (!t || sscanf(t + sizeof(tag) - 1, "%31s %511s", key, val) != 2)
		return;
	if (!strcmp(key, "conn")) {
		memset(b, 0, sizeof(*b));
		p->in_block = 1;
		return;
	}
	if (!p->in_block)
		return;
	if (!strcmp(key, "end")) {
		p->in_block = 0;
		if (b->have == KL_ALL && kl_matches(b, p->want)) {
			p->found = *b;	/* the last complete block wins */
			p->have_found = 1;
		}
		return;
	}
	if (!strcmp(key, "local_ip") || !strcmp(key, "peer_ip")) {
		size_t alen = strlen(val) / 2;
		int local = key[0] == 'l';

		if ((alen != 4 && alen != 16) || (b->alen && b->alen != alen) ||
		    kl_hex(val, local ? b->lip : b->pip, alen))
			return;
		b->alen = alen;
		b->have |= local ? KL_LIP : KL_PIP;
	} else if (!strcmp(key, "local_port") || !strcmp(key, "peer_port")) {
		unsigned char pb[2];
		int local = key[0] == 'l';

		/* Network byte order, as the module holds it. */
		if (kl_hex(val, pb, 2))
			return;
		*(local ? &b->lport : &b->pport) = pb[0] << 8 | pb[1];
		b->have |= local ? KL_LPORT : KL_PPORT;
	} else if (!strcmp(key, "role")) {
		if (!kl_u32(val, &b->role) && (b->role == 1 || b->role == 2))
			b->have |= KL_ROLE;
	} else if (!strcmp(key, "isn")) {
		if (!kl_u32(val, &b->isn))
			b->have |= KL_ISN;
	} else if (!strcmp(key, "isn_peer")) {
		if (!kl_u32(val, &b->isn_peer))
			b->have |= KL_ISNP;
	} else if (!strcmp(key, "sym_cipher")) {
		if (!kl_u32(val, &b->sym))
			b->have |= KL_SYM;
	} else if (strlen(key) == 5 && key[3] == '_' &&
		   (key[4] == 'C' || key[4] == 'S')) {
		static const char *const names[] = { "enc", "mac", "ack" };
		int srv = key[4] == 'S';

		for (i = 0; i < 3; i++) {
			u8 *dst = i == 0 ? b->d[srv].enc : i == 1 ? b->d[srv].mac :
				  b->d[srv].ack;

			if (strncmp(key, names[i], 3))
				continue;
			if (!kl_hex(val, dst, TCPCRYPT_KEY_LEN))
				b->have |= (srv ? KL_ENC_S : KL_ENC_C) << i;
		}
	}
}

/* Feed text (possibly /dev/kmsg records "pri,seq,ts,-;text") line by line. */
static void kl_text(struct klparse *p, char *buf)
{
	char *l, *nl;

	for (l = buf; *l; l = nl + 1) {
		nl = strchr(l, '\n');
		if (!nl)
			nl = l + strlen(l) - 1;
		else
			*nl = 0;
		/* kmsg continuation lines (" SUBSYSTEM=...") start with a blank. */
		if (*l != ' ')
			kl_line(p, l);
	}
}

static int seg_tag(const struct tcpcrypt_dir_key *k, struct tcpcrypt_wireseg *ws,
		   u8 tag[TCPCRYPT_TAG_LEN]);
static void seg_crypt(const struct tcpcrypt_dir_key *k, struct tcpcrypt_wireseg *ws);

/*
 * keys NAME FILE [MS]: the keys of NAME's connection, from FILE: the text
 * of the kernel log (dmesg output) or /dev/kmsg itself. Polled until a
 * complete matching block is there or MS (default 5000) have passed.
 */
static void cmd_keys(char **w, int n)
{
	struct klparse p;
	struct keyset *ks;
	struct klblock *b;
	long tmo = 5000;
	long long deadline;
	static char buf[65536];
	int kmsg, fd = -1, c, srv_local;
	u32 isn_c, isn_s;

	if (n < 2 || n > 3)
		fail("keys NAME FILE [MS]");
	memset(&p, 0, sizeof(p));
	p.want = lookup(w[0]);
	if (n == 3)
		tmo = num(w[2], 600000);
	deadline = now_ms() + tmo;
	kmsg = !strcmp(w[1], "/dev/kmsg");
	for (;;) {
		if (kmsg) {
			ssize_t r;

			/* One record per read, from where the last poll ended. */
			if (fd < 0) {
				fd = open(w[1], O_RDONLY | O_NONBLOCK);
				if (fd < 0)
					fail("%s: %s", w[1], strerror(errno));
			}
			while ((r = read(fd, buf, sizeof(buf) - 1)) > 0 || (r < 0 && errno == EPIPE)) {
				if (r <= 0)
					continue;	/* overwritten records */
				buf[r] = 0;
				kl_text(&p, buf);
			}
		} else {
			FILE *f = fopen(w[1], "r");

			/* A file another process fills: read it whole each time. */
			memset(&p.cur, 0, sizeof(p.cur));
			p.in_block = 0;
			while (f && fgets(buf, sizeof(buf), f))
				kl_text(&p, buf);
			if (f)
				fclose(f);
		}
		if (p.have_found || now_ms() >= deadline)
			break;
		usleep(100000);
	}
	if (fd >= 0)
		close(fd);
	if (!p.have_found)
		fail("keys: no complete keylog block for %s's connection in %s within %ld ms (keylog=1?)",
		     w[0], w[1], tmo);
	b = &p.found;
	if (!tcpcrypt_suite_find(b->sym))
		fail("keys: suite %08x not supported", b->sym);
	if (nkeysets == MAXKEYS)
		fail("keys: more than %d connections", MAXKEYS);
	ks = &keysets[nkeysets];
	memset(ks, 0, sizeof(*ks));
	ks->fam = b->alen == 4 ? AF_INET : AF_INET6;
	srv_local = b->role == 2;
	memcpy(ks->caddr, srv_local ? b->pip : b->lip, b->alen);
	memcpy(ks->saddr, srv_local ? b->lip : b->pip, b->alen);
	ks->cport = srv_local ? b->pport : b->lport;
	ks->sport = srv_local ? b->lport : b->pport;
	ks->sym = b->sym;
	isn_c = srv_local ? b->isn_peer : b->isn;
	isn_s = srv_local ? b->isn : b->isn_peer;
	c = tcpcrypt_dir_key_init(&ks->c2s, b->sym, &b->d[0], isn_c, isn_s);
	if (!c)
		c = tcpcrypt_dir_key_init(&ks->s2c, b->sym, &b->d[1], isn_s, isn_c);
	tcpcrypt_wipe(b, sizeof(*b));
	if (c)
		fail("keys: setting the keys failed (%d)", c);
	nkeysets++;
	{
		/*
		 * Warm the backend up (OpenSSL fetches its algorithms on first
		 * use): the first forged segment must follow its trigger fast.
		 */
		u8 b1 = 0, tag[TCPCRYPT_TAG_LEN];
		struct tcpcrypt_wireseg ws = { .data = &b1, .len = 1, .tcp_len = 21, .doff = 5 };

		seg_crypt(&ks->c2s, &ws);
		seg_tag(&ks->c2s, &ws, tag);
	}
	fprintf(stderr, "pktforge: keys of %s's connection loaded (suite %08x, %s isn %u, %s isn %u)\n",
		w[0], ks->sym, "client", isn_c, "server", isn_s);
}

/* The key of the direction a segment goes in, or NULL. */
static const struct tcpcrypt_dir_key *dir_key(int fam, const unsigned char *src,
					      const unsigned char *dst,
					      uint16_t sport, uint16_t dport)
{
	size_t alen = fam == AF_INET ? 4 : 16;
	int i;

	for (i = nkeysets - 1; i >= 0; i--) {
		struct keyset *k = &keysets[i];

		if (k->fam != fam)
			continue;
		if (!memcmp(k->caddr, src, alen) && !memcmp(k->saddr, dst, alen) &&
		    k->cport == sport && k->sport == dport)
			return &k->c2s;
		if (!memcmp(k->saddr, src, alen) && !memcmp(k->caddr, dst, alen) &&
		    k->sport == sport && k->cport == dport)
			return &k->s2c;
	}
	return NULL;
}

/*
 * The MAC of a segment as the module computes it (PROTOCOL.md 4.4), with
 * seq and ack turned into their 64-bit values statelessly. tcp_len, doff,
 * flags, urg, seq, ack as they go into the MAC; opts the whole option
 * area (the MAC option is left out by the selection).
 */
static int seg_tag(const struct tcpcrypt_dir_key *k, struct tcpcrypt_wireseg *ws,
		   u8 tag[TCPCRYPT_TAG_LEN])
{
	u8 o[TCPCRYPT_TCPOPT_SPACE];
	u64 seq64, ack64, kpos;
	int olen;

	olen = tcpcrypt_mac_opts_sel(ws->opts, ws->opts_len, !k->ops->mac_skips_ts,
				     o, sizeof(o));
	if (olen < 0)
		return olen;
	k->ops->extend(k, ws, &seq64, &ack64, &kpos);
	tcpcrypt_seg_mac(k, ws, o, olen, seq64, ack64, tag);
	return 0;
}

/* XOR the keystream of a segment at ws->seq into ws->data. */
static void seg_crypt(const struct tcpcrypt_dir_key *k, struct tcpcrypt_wireseg *ws)
{
	u64 seq64, ack64, kpos;

	k->ops->extend(k, ws, &seq64, &ack64, &kpos);
	if (ws->len)
		k->ops->crypt(k, kpos, ws->data, ws->len);
}

/*
 * 1 when a captured segment carries a MAC option whose tag is right for
 * the loaded keys of its direction (its payload, decrypted, into plain),
 * 0 when it is wrong, -1 when it cannot be checked (no keys, no MAC
 * option, a payload longer than what was captured of it).
 */
static int seg_macok(const struct seg *s, unsigned char *plain)
{
	const struct tcpcrypt_dir_key *k;
	u8 tag[TCPCRYPT_TAG_LEN], want[TCPCRYPT_TAG_LEN];
	struct tcpcrypt_wireseg ws;

	k = dir_key(s->fam, s->saddr, s->daddr, s->sport, s->dport);
	if (!k || s->len > MAXPAY || tcpcrypt_macopt_parse(s->opt, s->optlen, tag))
		return -1;
	memcpy(plain, s->payload, s->len);
	ws = (struct tcpcrypt_wireseg) {
		.seq = s->seq,
		.ack = s->ack,
		.tcp_len = 20 + s->optlen + s->len,
		.doff = (20 + s->optlen) / 4,
		.flags = s->flags,
		.urg = s->urg,
		.opts = s->opt,
		.opts_len = s->optlen,
		.data = plain,
		.len = s->len,
	};
	if (seg_tag(k, &ws, want) || tcpcrypt_memneq(want, tag, sizeof(tag)))
		return 0;
	seg_crypt(k, &ws);
	return 1;
}

/* ---- receiving ---------------------------------------------------------- */

struct filter {
	int fam;
	unsigned char src[16], dst[16];
	int has_src, has_dst;
	long sport, dport, len;
	int dir;			/* 0 any, 1 in, 2 out */
	int flags, flags_must;		/* -1: any */
	int crypt, mac, payload;	/* -1 any, 0 no, 1 yes */
	int macok;			/* -1 any, 1 MAC right, 0 MAC wrong */
	const char *has;
	unsigned char opt[40];		/* bytes the option area contains */
	size_t optn;
};

static int parse_addr(const char *s, unsigned char *a, int *fam)
{
	int f = strchr(s, ':') ? AF_INET6 : AF_INET;

	if (inet_pton(f, s, a) != 1)
		fail("bad address '%s'", s);
	if (*fam && *fam != f)
		fail("address '%s' of the other family", s);
	*fam = f;
	return f;
}

static void parse_filter(char **w, int n, struct filter *f)
{
	int i;

	memset(f, 0, sizeof(*f));
	f->sport = f->dport = f->len = -1;
	f->flags = -1;
	f->crypt = f->mac = f->payload = f->macok = -1;
	for (i = 0; i < n; i++) {
		const char *a = i + 1 < n ? w[i + 1] : NULL;

		if (!strcmp(w[i], "in")) {
			f->dir = 1;
		} else if (!strcmp(w[i], "out")) {
			f->dir = 2;
		} else if (!strcmp(w[i], "crypt") || !strcmp(w[i], "nocrypt")) {
			f->crypt = w[i][0] == 'c';
		} else if (!strcmp(w[i], "mac") || !strcmp(w[i], "nomac")) {
			f->mac = w[i][0] == 'm';
		} else if (!strcmp(w[i], "payload") || !strcmp(w[i], "nopayload")) {
			f->payload = w[i][0] == 'p';
		} else if (!strcmp(w[i], "macok") || !strcmp(w[i], "macbad")) {
			if (!nkeysets)
				fail("%s: no keys loaded (keys NAME FILE first)", w[i]);
			f->macok = w[i][3] == 'o';
		} else if (!a) {
			fail("filter word '%s' unknown or without its value", w[i]);
		} else if (!strcmp(w[i], "src")) {
			parse_addr(a, f->src, &f->fam);
			f->has_src = 1;
			i++;
		} else if (!strcmp(w[i], "dst")) {
			parse_addr(a, f->dst, &f->fam);
			f->has_dst = 1;
			i++;
		} else if (!strcmp(w[i], "sport")) {
			f->sport = num(a, 65535);
			i++;
		} else if (!strcmp(w[i], "dport")) {
			f->dport = num(a, 65535);
			i++;
		} else if (!strcmp(w[i], "len")) {
			f->len = num(a, 65535);
			i++;
		} else if (!strcmp(w[i], "has")) {
			if (!*a)
				fail("empty 'has' text");
			f->has = a;
			i++;
		} else if (!strcmp(w[i], "opt")) {
			f->optn = parse_hex(a, f->opt, sizeof(f->opt));
			if (!f->optn)
				fail("empty 'opt' bytes");
			i++;
		} else if (!strcmp(w[i], "flags")) {
			if (a[0] == '+')
				f->flags_must = parse_flags(a + 1);
			else
				f->flags = parse_flags(a);
			i++;
		} else {
			fail("unknown filter word '%s'", w[i]);
		}
	}
}

static int memfind(const unsigned char *h, size_t hn, const unsigned char *n, size_t nn)
{
	size_t i;

	for (i = 0; i + nn <= hn; i++)
		if (!memcmp(h + i, n, nn))
			return 1;
	return 0;
}

static int memmem_ok(const unsigned char *h, size_t hn, const char *n)
{
	size_t nn = strlen(n), i;

	for (i = 0; i + nn <= hn; i++)
		if (!memcmp(h + i, n, nn))
			return 1;
	return 0;
}

static int match(const struct filter *f, const struct seg *s)
{
	int alen = s->fam == AF_INET ? 4 : 16;

	if (f->fam && f->fam != s->fam)
		return 0;
	if (f->has_src && memcmp(f->src, s->saddr, alen))
		return 0;
	if (f->has_dst && memcmp(f->dst, s->daddr, alen))
		return 0;
	if ((f->sport >= 0 && f->sport != s->sport) ||
	    (f->dport >= 0 && f->dport != s->dport) ||
	    (f->len >= 0 && f->len != s->len))
		return 0;
	if ((f->dir == 1 && s->out) || (f->dir == 2 && !s->out))
		return 0;
	if ((f->flags >= 0 && f->flags != s->flags) ||
	    (s->flags & f->flags_must) != f->flags_must)
		return 0;
	if ((f->crypt >= 0 && f->crypt != s->crypt) ||
	    (f->mac >= 0 && f->mac != s->mac) ||
	    (f->payload >= 0 && f->payload != !!s->len))
		return 0;
	if (f->optn && !memfind(s->opt, s->optlen, f->opt, f->optn))
		return 0;
	if (f->macok >= 0) {
		static unsigned char plain[MAXPAY];
		int ok;

		/* macbad: a MAC option that is wrong for the loaded keys. */
		ok = seg_macok(s, plain);
		if (ok != f->macok)
			return 0;
		/* With macok, has looks at the decrypted payload. */
		if (ok && f->has && !memmem_ok(plain, s->len, f->has))
			return 0;
		if (ok)
			return 1;
	}
	if (f->has && !memmem_ok(s->payload, s->len < MAXPAY ? s->len : MAXPAY, f->has))
		return 0;
	return 1;
}

/* One frame (an IP packet: LINKTYPE_RAW) into the -w capture. */
static void pcap_rec(const unsigned char *p, size_t n)
{
	struct timespec ts;
	uint32_t h[4];

	if (!pcap)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	h[0] = ts.tv_sec;
	h[1] = ts.tv_nsec / 1000;
	h[2] = n;
	h[3] = n;
	if (fwrite(h, sizeof(h), 1, pcap) != 1 || fwrite(p, 1, n, pcap) != n ||
	    fflush(pcap))
		pcap = NULL;	/* reported at the end, as a short capture */
}

/* The next TCP segment within the deadline: 1, or 0 on timeout. */
static int next_seg(struct seg *s, long long deadline)
{
	static unsigned char buf[70000];
	struct sockaddr_ll sll;
	socklen_t sl;
	struct pollfd pf = { .fd = pfd, .events = POLLIN };
	long long left;
	ssize_t n;

	for (;;) {
		left = deadline - now_ms();
		if (left < 0)
			left = 0;
		n = poll(&pf, 1, left);
		if (n < 0 && errno == EINTR && stop)
			return 0;
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			fail("poll: %s", strerror(errno));
		if (n == 0)
			return 0;
		sl = sizeof(sll);
		n = recvfrom(pfd, buf, sizeof(buf), MSG_DONTWAIT, (void *)&sll, &sl);
		if (n < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			fail("recv: %s", strerror(errno));
		}
		pcap_rec(buf, n);
		if (sll.sll_pkttype != PACKET_OUTGOING && sll.sll_halen == ETH_ALEN) {
			memcpy(peermac, sll.sll_addr, ETH_ALEN);
			have_peermac = 1;
		}
		if (parse_seg(buf, n, s)) {
			s->out = sll.sll_pkttype == PACKET_OUTGOING;
			return 1;
		}
	}
}

static void need_iface(void)
{
	if (pfd < 0)
		fail("no 'iface' before this line");
}

static void cmd_wait(char **w, int n)
{
	struct filter f;
	long tmo = 5000;
	struct seg s;
	long long deadline;
	int i = 0;

	need_iface();
	if (n < 1)
		fail("wait/expect NAME [MS] FILTER...");
	if (strlen(w[0]) >= sizeof(s.name) || strchr(w[0], '.'))
		fail("bad segment name '%s'", w[0]);
	if (n > 1 && isnum(w[1])) {
		tmo = num(w[1], 600000);
		i = 1;
	}
	parse_filter(w + 1 + i, n - 1 - i, &f);
	deadline = now_ms() + tmo;
	while (next_seg(&s, deadline)) {
		struct seg *d;
		int k;

		if (!match(&f, &s))
			continue;
		for (k = 0; k < nsegs && strcmp(segs[k].name, w[0]); k++)
			;
		if (k == MAXNAMES)
			fail("too many segment names (%d)", MAXNAMES);
		if (k == nsegs)
			nsegs++;
		d = &segs[k];
		*d = s;
		snprintf(d->name, sizeof(d->name), "%s", w[0]);
		show(d->name, d);
		return;
	}
	fail("timeout: no segment '%s' within %ld ms", w[0], tmo);
}

static void cmd_expect_none(char **w, int n)
{
	struct filter f;
	long tmo = 1000;
	long long deadline;
	struct seg s;
	int i = 0;

	need_iface();
	if (n > 0 && isnum(w[0])) {
		tmo = num(w[0], 600000);
		i = 1;
	}
	parse_filter(w + i, n - i, &f);
	deadline = now_ms() + tmo;
	while (next_seg(&s, deadline)) {
		if (match(&f, &s)) {
			show("unexpected", &s);
			fail("expect-none: a matching segment appeared");
		}
	}
	fprintf(stderr, "pktforge: none within %ld ms, as expected\n", tmo);
}

static void cmd_flush(void)
{
	struct seg s;
	int k = 0;

	need_iface();
	while (next_seg(&s, now_ms()))
		k++;
	fprintf(stderr, "pktforge: flushed %d queued segment(s)\n", k);
}

static void cmd_iface(char **w, int n)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET,
				   .sll_protocol = htons(ETH_P_ALL) };
	int sz = 4 << 20, one = 1;

	if (n != 1)
		fail("iface DEV");
	if (pfd >= 0)
		fail("iface given twice");
	ifindex = if_nametoindex(w[0]);
	if (!ifindex)
		fail("no interface '%s'", w[0]);
	pfd = socket(AF_PACKET, SOCK_DGRAM, htons(ETH_P_ALL));
	if (pfd < 0)
		fail("packet socket: %s", strerror(errno));
	setsockopt(pfd, SOL_SOCKET, SO_RCVBUFFORCE, &sz, sizeof(sz));
	/* What we send skips DEV's qdisc (netem): it races ahead. */
	if (setsockopt(pfd, SOL_PACKET, PACKET_QDISC_BYPASS, &one, sizeof(one)))
		fail("PACKET_QDISC_BYPASS: %s", strerror(errno));
	sll.sll_ifindex = ifindex;
	if (bind(pfd, (void *)&sll, sizeof(sll)))
		fail("bind to %s: %s", w[0], strerror(errno));
	/* Scripts wait for this line before they start the traffic. */
	fprintf(stderr, "pktforge: sniffing on %s\n", w[0]);
}

static void cmd_peermac(char **w, int n)
{
	unsigned int m[ETH_ALEN];
	int i;

	if (n != 1 || sscanf(w[0], "%x:%x:%x:%x:%x:%x", &m[0], &m[1], &m[2],
			     &m[3], &m[4], &m[5]) != 6)
		fail("peermac XX:XX:XX:XX:XX:XX");
	for (i = 0; i < ETH_ALEN; i++) {
		if (m[i] > 255)
			fail("bad MAC address '%s'", w[0]);
		peermac[i] = m[i];
	}
	have_peermac = 1;
}

/* ---- sending ------------------------------------------------------------ */

static uint32_t csum_add(uint32_t sum, const unsigned char *p, size_t n)
{
	for (; n > 1; n -= 2, p += 2)
		sum += (p[0] << 8) | p[1];
	if (n)
		sum += p[0] << 8;
	return sum;
}

static uint16_t csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return ~sum & 0xffff;
}

static int hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* HEX (blanks and ':' allowed between bytes) into buf; its length. */
static size_t parse_hex(const char *s, unsigned char *buf, size_t max)
{
	size_t n = 0;
	int h, l;

	while (*s) {
		if (*s == ' ' || *s == ':') {
			s++;
			continue;
		}
		h = hexval((unsigned char)s[0]);
		l = s[1] ? hexval((unsigned char)s[1]) : -1;
		if (h < 0 || l < 0)
			fail("bad hex near '%s'", s);
		if (n == max)
			fail("hex value longer than %zu bytes", max);
		buf[n++] = h << 4 | l;
		s += 2;
	}
	return n;
}

/* A quoted word arrives with a leading '"' kept as a marker of text. */
static size_t parse_bytes(const char *v, unsigned char *buf, size_t max)
{
	size_t n = 0;

	if (v[0] != '"')
		return parse_hex(v, buf, max);
	for (v++; *v; v++) {
		if (n == max)
			fail("text value longer than %zu bytes", max);
		if (v[0] == '\\' && v[1] == 'n') {
			buf[n++] = '\n';
			v++;
		} else {
			buf[n++] = *v;
		}
	}
	return n;
}

static void xmit(const unsigned char *pkt, size_t len, int fam)
{
	struct sockaddr_ll sll = { .sll_family = AF_PACKET, .sll_halen = ETH_ALEN };

	if (!have_peermac)
		fail("the peer's MAC address is unknown: no frame received yet, and no 'peermac'");
	sll.sll_ifindex = ifindex;
	sll.sll_protocol = htons(fam == AF_INET ? ETH_P_IP : ETH_P_IPV6);
	memcpy(sll.sll_addr, peermac, ETH_ALEN);
	if (sendto(pfd, pkt, len, 0, (void *)&sll, sizeof(sll)) != (ssize_t)len)
		fail("sendto: %s", strerror(errno));
	pcap_rec(pkt, len);
}

/*
 * Option-area surgery for send. Kind K's options in buf: the offset of
 * the first at or after *from (then *from moves past it), or -1. NOP
 * and EOL are one byte each; a malformed length ends the walk.
 */
static int opt_find(const unsigned char *buf, size_t n, int kind, size_t *from)
{
	size_t i = *from;

	while (i < n) {
		if (buf[i] == 0 || buf[i] == 1) {
			i++;
			continue;
		}
		if (i + 1 >= n || buf[i + 1] < 2 || i + buf[i + 1] > n)
			return -1;
		if (buf[i] == kind) {
			*from = i + buf[i + 1];
			return i;
		}
		i += buf[i + 1];
	}
	return -1;
}

/* OFF:HEX, written over buf at OFF (the area grows up to max). */
static void patch_bytes(const char *v, unsigned char *buf, size_t *n, size_t max)
{
	unsigned char b[64];
	const char *colon = strchr(v, ':');
	char off[16];
	size_t o, k;

	if (!colon || colon - v >= (long)sizeof(off))
		fail("patch value '%s' is not OFF:HEX", v);
	memcpy(off, v, colon - v);
	off[colon - v] = 0;
	o = num(off, max);
	k = parse_hex(colon + 1, b, sizeof(b));
	if (o + k > max)
		fail("patch '%s' beyond %zu bytes", v, max);
	memcpy(buf + o, b, k);
	if (o + k > *n) {
		if (o > *n)
			memset(buf + *n, 0, o - *n);
		*n = o + k;
	}
}

/* N: cut the area to N bytes or pad it with zeros (EOL) to N. */
static void set_len(const char *v, unsigned char *buf, size_t *n, size_t max)
{
	size_t k = num(v, max);

	if (k > *n)
		memset(buf + *n, 0, k - *n);
	*n = k;
}

/* Remove every option of kind K (a number) from the area. */
static void strip_kind(const char *v, unsigned char *buf, size_t *n)
{
	int kind = num(v, 255), at;
	size_t from = 0, len;

	while ((at = opt_find(buf, *n, kind, &from)) >= 0) {
		len = buf[at + 1];
		memmove(buf + at, buf + at + len, *n - at - len);
		*n -= len;
		from = at;
	}
}

/* @NAME or @NAME.crypt / @NAME.mac: NAME's option area, or one option of it. */
static size_t copy_opts(const char *v, unsigned char *buf)
{
	char name[40];
	const char *dot = strchr(v, '.');
	struct seg *s;
	size_t from = 0, k;
	int kind, at;

	k = dot ? (size_t)(dot - v) : strlen(v);
	if (k >= sizeof(name))
		fail("bad name in '@%s'", v);
	memcpy(name, v, k);
	name[k] = 0;
	s = lookup(name);
	if (!dot) {
		memcpy(buf, s->opt, s->optlen);
		return s->optlen;
	}
	if (!strcmp(dot + 1, "crypt"))
		kind = OPT_CRYPT;
	else if (!strcmp(dot + 1, "mac"))
		kind = OPT_MAC;
	else
		fail("'@%s': crypt or mac after the dot", v);
	at = opt_find(s->opt, s->optlen, kind, &from);
	if (at < 0)
		fail("'%s' has no option of kind %d", name, kind);
	memcpy(buf, s->opt + at, s->opt[at + 1]);
	return s->opt[at + 1];
}

/* Flip a bit of the MAC option's tag (its last byte). */
static void corrupt_mac(unsigned char *buf, size_t n)
{
	size_t from = 0;
	int at = opt_find(buf, n, OPT_MAC, &from);

	if (at < 0)
		fail("corrupt=mac: no MAC option to corrupt");
	buf[at + buf[at + 1] - 1] ^= 0x01;
}

static void cmd_send(char **w, int n)
{
	static unsigned char tcp[60 + MAXPAY], pkt[128 + 60 + MAXPAY];
	unsigned char opts[40], ph[40];
	struct seg s;
	struct seg *ref = NULL;
	size_t olen = 0, plen = 0, tlen, frag = 0, off, chunk;
	uint32_t seq = 0, ack = 0, win = 65535;
	int flags = 1 << 4, ttl = 64, reply = 0, i = 0, have_ports = 0, id;
	int doff = -1, hbh = 0;
	uint16_t sum;
	/* mac=auto, enc=auto, and the header values the MAC is made for. */
	int mac_auto = 0, enc_auto = 0, mac_at = -1, macflags = -1;
	uint32_t urg = 0;
	int64_t macseq = -1, macack = -1, tsval = -1, tsecr = -1;
	const struct tcpcrypt_dir_key *dk = NULL;

	need_iface();
	memset(&s, 0, sizeof(s));
	if (n >= 2 && (!strcmp(w[0], "reply-to") || !strcmp(w[0], "to") ||
		       !strcmp(w[0], "as"))) {
		ref = lookup(w[1]);
		reply = strcmp(w[0], "as") != 0;
		s.fam = ref->fam;
		if (reply) {
			memcpy(s.saddr, ref->daddr, 16);
			memcpy(s.daddr, ref->saddr, 16);
			s.sport = ref->dport;
			s.dport = ref->sport;
			seq = ref->ack;
			ack = ref->seq + ref->len + !!(ref->flags & 2) + !!(ref->flags & 1);
		} else {
			memcpy(s.saddr, ref->saddr, 16);
			memcpy(s.daddr, ref->daddr, 16);
			s.sport = ref->sport;
			s.dport = ref->dport;
			seq = ref->seq;
			ack = ref->ack;
		}
		have_ports = 1;
		i = 2;
	}
	for (; i < n; i++) {
		char *v = strchr(w[i], '=');
		int fam = s.fam;

		if (!v)
			fail("send: '%s' is not FIELD=VALUE", w[i]);
		*v++ = 0;
		if (!strcmp(w[i], "src")) {
			parse_addr(v, s.saddr, &fam);
			s.fam = fam;
		} else if (!strcmp(w[i], "dst")) {
			parse_addr(v, s.daddr, &fam);
			s.fam = fam;
		} else if (!strcmp(w[i], "sport")) {
			s.sport = num(v, 65535);
			have_ports |= 2;
		} else if (!strcmp(w[i], "dport")) {
			s.dport = num(v, 65535);
			have_ports |= 4;
		} else if (!strcmp(w[i], "flags")) {
			flags = parse_flags(v);
		} else if (!strcmp(w[i], "seq")) {
			seq = expr(v);
		} else if (!strcmp(w[i], "ack")) {
			ack = expr(v);
		} else if (!strcmp(w[i], "win")) {
			win = expr(v);
			if (win > 65535)
				fail("window %u over 65535", win);
		} else if (!strcmp(w[i], "ttl")) {
			ttl = num(v, 255);
		} else if (!strcmp(w[i], "opts")) {
			if (v[0] == '@')
				olen = copy_opts(v + 1, opts);
			else
				olen = parse_hex(v, opts, sizeof(opts));
		} else if (!strcmp(w[i], "addopt")) {
			unsigned char b[40];
			size_t k = parse_hex(v, b, sizeof(b));

			if (olen + k > sizeof(opts))
				fail("addopt: the option area would exceed 40 bytes");
			memcpy(opts + olen, b, k);
			olen += k;
		} else if (!strcmp(w[i], "patch")) {
			patch_bytes(v, opts, &olen, sizeof(opts));
		} else if (!strcmp(w[i], "optlen")) {
			set_len(v, opts, &olen, sizeof(opts));
		} else if (!strcmp(w[i], "strip")) {
			strip_kind(v, opts, &olen);
		} else if (!strcmp(w[i], "corrupt")) {
			if (!strcmp(v, "mac"))
				corrupt_mac(opts, olen);
			else if (!strcmp(v, "payload") && plen)
				tcp[60 + plen - 1] ^= 0x01;
			else
				fail("corrupt=mac or corrupt=payload (with a payload)");
		} else if (!strcmp(w[i], "payload")) {
			if (v[0] == '@') {
				struct seg *p = lookup(v + 1);

				plen = p->len < MAXPAY ? p->len : MAXPAY;
				memcpy(tcp + 60, p->payload, plen);
			} else {
				plen = parse_bytes(v, tcp + 60, MAXPAY);
			}
		} else if (!strcmp(w[i], "ppatch")) {
			patch_bytes(v, tcp + 60, &plen, MAXPAY);
		} else if (!strcmp(w[i], "paylen")) {
			set_len(v, tcp + 60, &plen, MAXPAY);
		} else if (!strcmp(w[i], "frag")) {
			frag = num(v, 65535);
			if (frag < 8)
				fail("frag=%zu: at least 8", frag);
		} else if (!strcmp(w[i], "doff")) {
			doff = num(v, 15);
		} else if (!strcmp(w[i], "hbh")) {
			hbh = num(v, 1);
		} else if (!strcmp(w[i], "urg")) {
			urg = expr(v);
			if (urg > 65535)
				fail("urgent pointer %u over 65535", urg);
		} else if (!strcmp(w[i], "mac") || !strcmp(w[i], "enc")) {
			if (strcmp(v, "auto"))
				fail("%s=auto is the only value", w[i]);
			*(w[i][0] == 'm' ? &mac_auto : &enc_auto) = 1;
		} else if (!strcmp(w[i], "tsval")) {
			tsval = expr(v);
		} else if (!strcmp(w[i], "tsecr")) {
			tsecr = expr(v);
		} else if (!strcmp(w[i], "macseq")) {
			macseq = expr(v);
		} else if (!strcmp(w[i], "macack")) {
			macack = expr(v);
		} else if (!strcmp(w[i], "macflags")) {
			macflags = parse_flags(v);
		} else {
			fail("send: unknown field '%s'", w[i]);
		}
	}
	if (!s.fam)
		fail("send: no addresses (reply-to NAME, as NAME, or src= dst=)");
	if (!ref && have_ports != 6)
		fail("send: sport= and dport= needed without a reference segment");
	if (hbh && (s.fam != AF_INET6 || frag))
		fail("send: hbh=1 is for IPv6 and not with frag=");
	if (tsval >= 0 || tsecr >= 0) {
		unsigned char *p = ts_opt(opts, olen);
		int k;

		if (!p)
			fail("send: tsval=/tsecr=: no Timestamps option (opts=@NAME)");
		for (k = 0; k < 4; k++) {
			if (tsval >= 0)
				p[2 + k] = (uint32_t)tsval >> (24 - 8 * k);
			if (tsecr >= 0)
				p[6 + k] = (uint32_t)tsecr >> (24 - 8 * k);
		}
	}
	if ((macseq >= 0 || macack >= 0 || macflags >= 0) && !mac_auto)
		fail("send: macseq=, macack=, macflags= go with mac=auto");
	if (mac_auto || enc_auto) {
		dk = dir_key(s.fam, s.saddr, s.daddr, s.sport, s.dport);
		if (!dk)
			fail("send: no keys loaded for this connection (keys NAME FILE)");
	}
	if (mac_auto) {
		size_t from = 0;

		/* The MAC option already there (opts=@NAME) gets the new tag. */
		mac_at = opt_find(opts, olen, OPT_MAC, &from);
		if (mac_at >= 0 && opts[mac_at + 1] != TCPCRYPT_MACOPT_LEN)
			fail("send: mac=auto: the MAC option has length %u", opts[mac_at + 1]);
		if (mac_at < 0) {
			if (olen + TCPCRYPT_MACOPT_LEN > sizeof(opts))
				fail("send: mac=auto: no room for the MAC option");
			mac_at = olen;
			opts[olen] = OPT_MAC;
			opts[olen + 1] = TCPCRYPT_MACOPT_LEN;
			memset(opts + olen + 2, 0, TCPCRYPT_TAG_LEN);
			olen += TCPCRYPT_MACOPT_LEN;
		}
	}
	while (olen % 4)
		opts[olen++] = 0;

	/* The TCP header right before the payload, at tcp + 60 - hlen. */
	{
		unsigned int hl = 20 + olen;
		unsigned char *t = tcp + 60 - hl;

		memset(t, 0, 20);
		t[0] = s.sport >> 8;
		t[1] = s.sport;
		t[2] = s.dport >> 8;
		t[3] = s.dport;
		t[4] = seq >> 24;
		t[5] = seq >> 16;
		t[6] = seq >> 8;
		t[7] = seq;
		t[8] = ack >> 24;
		t[9] = ack >> 16;
		t[10] = ack >> 8;
		t[11] = ack;
		t[12] = (doff >= 0 ? (unsigned int)doff : hl / 4) << 4;
		t[13] = flags;
		t[14] = win >> 8;
		t[15] = win;
		t[18] = urg >> 8;
		t[19] = urg;
		memcpy(t + 20, opts, olen);
		tlen = hl + plen;
		if (dk) {
			/*
			 * Sealed as the module does: encrypt, then MAC what is
			 * on the wire. macseq= also moves the keystream: the
			 * segment as sealed for another place in the stream.
			 */
			struct tcpcrypt_wireseg ws = {
				.seq = macseq >= 0 ? (uint32_t)macseq : seq,
				.ack = macack >= 0 ? (uint32_t)macack : ack,
				.tcp_len = tlen,
				.doff = t[12] >> 4,
				.flags = macflags >= 0 ? macflags : flags,
				.urg = urg,
				.opts = t + 20,
				.opts_len = olen,
				.data = t + hl,
				.len = plen,
			};

			if (enc_auto)
				seg_crypt(dk, &ws);
			if (mac_auto && seg_tag(dk, &ws, t + 20 + mac_at + 2))
				fail("send: mac=auto: the option area cannot be MACed");
			if (mac_auto)
				memcpy(opts + mac_at + 2, t + 20 + mac_at + 2, TCPCRYPT_TAG_LEN);
		}
		memset(ph, 0, sizeof(ph));
		if (s.fam == AF_INET) {
			memcpy(ph, s.saddr, 4);
			memcpy(ph + 4, s.daddr, 4);
			ph[9] = IPPROTO_TCP;
			ph[10] = tlen >> 8;
			ph[11] = tlen;
			sum = csum_fold(csum_add(csum_add(0, ph, 12), t, tlen));
		} else {
			memcpy(ph, s.saddr, 16);
			memcpy(ph + 16, s.daddr, 16);
			ph[34] = tlen >> 8;
			ph[35] = tlen;
			ph[39] = IPPROTO_TCP;
			sum = csum_fold(csum_add(csum_add(0, ph, 40), t, tlen));
		}
		t[16] = sum >> 8;
		t[17] = sum;
		memmove(tcp, t, tlen);
	}
	s.seq = seq;
	s.ack = ack;
	s.flags = flags;
	s.win = win;
	s.len = plen;
	s.out = 1;
	s.crypt = s.mac = 0;
	s.optlen = olen;
	memcpy(s.opt, opts, olen);
	show("send", &s);
	if (doff >= 0)
		fprintf(stderr, "pktforge: data offset %d words on a %zu-byte header\n",
			doff, tlen - plen);
	if (hbh)
		fprintf(stderr, "pktforge: with a hop-by-hop options header\n");

	id = (getpid() ^ now_ms()) & 0xffff;
	if (!frag || frag >= tlen)
		frag = tlen;
	else
		frag &= ~7u;
	for (off = 0; off < tlen; off += chunk) {
		size_t hl;
		int more;

		chunk = tlen - off < frag ? tlen - off : frag;
		more = off + chunk < tlen;
		if (s.fam == AF_INET) {
			int fo = frag < tlen ? (off / 8) | (more ? 0x2000 : 0) : 0x4000;

			hl = 20;
			memset(pkt, 0, hl);
			pkt[0] = 0x45;
			pkt[2] = (hl + chunk) >> 8;
			pkt[3] = hl + chunk;
			pkt[4] = id >> 8;
			pkt[5] = id;
			pkt[6] = fo >> 8;
			pkt[7] = fo;
			pkt[8] = ttl;
			pkt[9] = IPPROTO_TCP;
			memcpy(pkt + 12, s.saddr, 4);
			memcpy(pkt + 16, s.daddr, 4);
			sum = csum_fold(csum_add(0, pkt, 20));
			pkt[10] = sum >> 8;
			pkt[11] = sum;
		} else {
			unsigned int pl;

			hl = frag < tlen || hbh ? 48 : 40;
			pl = hl - 40 + chunk;
			memset(pkt, 0, hl);
			pkt[0] = 0x60;
			pkt[4] = pl >> 8;
			pkt[5] = pl;
			pkt[6] = frag < tlen ? 44 : hbh ? 0 : IPPROTO_TCP;
			pkt[7] = ttl;
			memcpy(pkt + 8, s.saddr, 16);
			memcpy(pkt + 24, s.daddr, 16);
			if (frag < tlen) {
				pkt[40] = IPPROTO_TCP;
				pkt[42] = off >> 8;
				pkt[43] = (off & 0xf8) | more;
				pkt[44] = 0;
				pkt[45] = 0;
				pkt[46] = id >> 8;
				pkt[47] = id;
			} else if (hbh) {
				/* Hop-by-hop: next header TCP, length 0, PadN of 4. */
				pkt[40] = IPPROTO_TCP;
				pkt[42] = 1;
				pkt[43] = 4;
			}
		}
		memcpy(pkt + hl, tcp + off, chunk);
		xmit(pkt, hl + chunk, s.fam);
		if (frag < tlen)
			fprintf(stderr, "pktforge: fragment offset %zu, %zu bytes%s\n",
				off, chunk, more ? ", more" : "");
	}
}

static void cmd_export(char **w, int n)
{
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];
	char tmp[512];
	struct seg *s;
	unsigned int i;
	FILE *f;

	if (n != 2)
		fail("export NAME FILE");
	s = lookup(w[0]);
	addrstr(s, s->saddr, a);
	addrstr(s, s->daddr, b);
	/* Written aside and renamed: a reader never sees half of it. */
	snprintf(tmp, sizeof(tmp), "%s.tmp", w[1]);
	f = fopen(tmp, "w");
	if (!f)
		fail("%s: %s", tmp, strerror(errno));
	fprintf(f, "%s_src=%s\n%s_dst=%s\n%s_sport=%u\n%s_dport=%u\n"
		"%s_seq=%u\n%s_ack=%u\n%s_end=%u\n%s_len=%u\n",
		s->name, a, s->name, b, s->name, s->sport, s->name, s->dport,
		s->name, s->seq, s->name, s->ack, s->name,
		s->seq + s->len + !!(s->flags & 2) + !!(s->flags & 1),
		s->name, s->len);
	fprintf(f, "%s_opts=", s->name);
	for (i = 0; i < s->optlen; i++)
		fprintf(f, "%02x", s->opt[i]);
	fputc('\n', f);
	if (fclose(f) || rename(tmp, w[1]))
		fail("%s: %s", w[1], strerror(errno));
}

static void on_term(int sig)
{
	(void)sig;
	stop = 1;
}

/*
 * With -w, once the script is done (or failed), keep recording what
 * crosses the link until SIGTERM: the runner checks the whole connection
 * for plaintext, not only the part the script looked at.
 */
static void drain(void)
{
	static int draining;
	struct seg s;

	if (!pcap || pfd < 0 || draining)
		return;
	draining = 1;
	while (!stop)
		next_seg(&s, now_ms() + 100);
	fclose(pcap);
	pcap = NULL;
}

/* ---- the script --------------------------------------------------------- */

/* Split a line into words; a "quoted" word keeps its opening quote. */
static int split(char *l, char **w)
{
	int n = 0;
	char *o;

	for (;;) {
		while (*l == ' ' || *l == '\t')
			l++;
		if (!*l || *l == '#' || *l == '\n')
			return n;
		if (n == MAXWORDS)
			fail("more than %d words", MAXWORDS);
		w[n++] = l;
		o = l;
		/* A word, with any "quoted" parts in it (payload="a b"). */
		while (*l && *l != ' ' && *l != '\t' && *l != '\n') {
			if (*l == '"') {
				/* Keep one quote as the text marker, at the value's start. */
				*o++ = '"';
				l++;
				while (*l && *l != '"' && *l != '\n')
					*o++ = *l++;
				if (*l != '"')
					fail("unterminated quote");
				l++;
				continue;
			}
			*o++ = *l++;
		}
		if (*l)
			l++;
		*o = 0;
	}
}

/* Words in "quotes" lose their marker where they are not a payload. */
static void unquote(char **w, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (w[i][0] == '"')
			w[i]++;
}

int main(int argc, char **argv)
{
	char line[8192], *w[MAXWORDS];
	FILE *f = stdin;
	int n;

	if (argc > 2 && !strcmp(argv[1], "-w")) {
		static const uint32_t gh[6] = { 0xa1b2c3d4, 0x00040002, 0, 0, 65535, 101 };
		struct sigaction sa = { .sa_handler = on_term };

		pcap = fopen(argv[2], "w");
		if (!pcap || fwrite(gh, sizeof(gh), 1, pcap) != 1) {
			fprintf(stderr, "pktforge: %s: %s\n", argv[2], strerror(errno));
			return 1;
		}
		/* Not SA_RESTART: poll() returns, and the drain loop sees stop. */
		sigaction(SIGTERM, &sa, NULL);
		argv += 2;
		argc -= 2;
	}
	if (argc > 2 || (argc == 2 && argv[1][0] == '-' && argv[1][1])) {
		fprintf(stderr, "usage: pktforge [-w PCAP] [SCRIPT]\n");
		return 2;
	}
	if (argc == 2 && strcmp(argv[1], "-")) {
		script = argv[1];
		f = fopen(script, "r");
		if (!f) {
			fprintf(stderr, "pktforge: %s: %s\n", script, strerror(errno));
			return 1;
		}
	}
	setvbuf(stderr, NULL, _IOLBF, 0);
	while (fgets(line, sizeof(line), f)) {
		lineno++;
		if (!strchr(line, '\n') && !feof(f))
			fail("line longer than %zu bytes", sizeof(line) - 2);
		n = split(line, w);
		if (!n)
			continue;
		if (strcmp(w[0], "send"))
			unquote(w + 1, n - 1);
		if (!strcmp(w[0], "iface")) {
			cmd_iface(w + 1, n - 1);
		} else if (!strcmp(w[0], "peermac")) {
			cmd_peermac(w + 1, n - 1);
		} else if (!strcmp(w[0], "flush")) {
			cmd_flush();
		} else if (!strcmp(w[0], "wait") || !strcmp(w[0], "expect")) {
			cmd_wait(w + 1, n - 1);
		} else if (!strcmp(w[0], "expect-none")) {
			cmd_expect_none(w + 1, n - 1);
		} else if (!strcmp(w[0], "send")) {
			cmd_send(w + 1, n - 1);
		} else if (!strcmp(w[0], "export")) {
			cmd_export(w + 1, n - 1);
		} else if (!strcmp(w[0], "keys")) {
			cmd_keys(w + 1, n - 1);
		} else if (!strcmp(w[0], "sleep")) {
			if (n != 2)
				fail("sleep MS");
			usleep(num(w[1], 600000) * 1000);
		} else if (!strcmp(w[0], "echo")) {
			int i;

			fputs("pktforge:", stderr);
			for (i = 1; i < n; i++)
				fprintf(stderr, " %s", w[i]);
			fputc('\n', stderr);
		} else {
			fail("unknown command '%s'", w[0]);
		}
	}
	if (ferror(f))
		fail("read error");
	fprintf(stderr, "pktforge: script done\n");
	drain();
	return 0;
}
