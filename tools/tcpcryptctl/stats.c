// SPDX-License-Identifier: GPL-2.0
/*
 * "tcpcryptctl stats": how full the namespace's tables are, the segments
 * and memory its handshakes and connections hold, how long handshakes
 * take, and the counters of /proc/net/tcpcrypt_stat, from
 * TCPCRYPT_CMD_GET_STATS.
 */
#include <inttypes.h>
#include <string.h>

#include "tcpcryptctl.h"

enum stats_format { STATS_PRETTY, STATS_JSON, STATS_PROMETHEUS };

struct stats_ctx {
	enum stats_format fmt;
	bool seen;
};

struct bucket {
	bool bounded;
	uint32_t below_ms;
	uint64_t count;
};

static uint32_t u32_or_0(const struct nlattr *a)
{
	return a ? mnl_attr_get_u32(a) : 0;
}

/* The histogram's buckets, in order; their number, or -1 if malformed. */
static int parse_latency(const struct nlattr *nest, struct bucket *b,
			 unsigned int max)
{
	const struct nlattr *tb[TCPCRYPT_BUCKET_A_MAX + 1];
	const struct nlattr *a;
	unsigned int n = 0;

	if (!nest)
		return 0;
	mnl_attr_for_each_nested(a, nest) {
		if (mnl_attr_get_type(a) != TCPCRYPT_HIST_A_BUCKET)
			continue;
		if (n == max)
			return -1;
		tc_nl_parse_nested(a, tb, TCPCRYPT_BUCKET_A_MAX);
		if (!tb[TCPCRYPT_BUCKET_A_COUNT])
			return -1;
		b[n].bounded = tb[TCPCRYPT_BUCKET_A_BELOW_MS] != NULL;
		b[n].below_ms = u32_or_0(tb[TCPCRYPT_BUCKET_A_BELOW_MS]);
		b[n].count = mnl_attr_get_u64(tb[TCPCRYPT_BUCKET_A_COUNT]);
		n++;
	}
	return n;
}

/* "<4 ms" for a bucket below 4 ms, ">=4096 ms" for the open last one. */
static void bucket_label(char *buf, size_t len, const struct bucket *b,
			 const struct bucket *prev)
{
	if (b->bounded)
		snprintf(buf, len, "<%" PRIu32 " ms", b->below_ms);
	else
		snprintf(buf, len, ">=%" PRIu32 " ms", prev ? prev->below_ms : 0);
}

/* A whole number of bytes for scripts, and a rounded one for people. */
static void print_bytes(uint64_t b)
{
	static const char *const unit[] = { "KiB", "MiB", "GiB", "TiB" };
	double v = b;
	int i = -1;

	while (v >= 1024 && i < 3) {
		v /= 1024;
		i++;
	}
	if (i < 0)
		printf("%" PRIu64 " B\n", b);
	else
		printf("%.2f %s (%" PRIu64 " B)\n", v, unit[i], b);
}

/* The total of held segments is one of the counters. */
static uint64_t counter(const struct nlattr *stats, const char *want)
{
	const struct nlattr *c[TCPCRYPT_COUNTER_A_MAX + 1];
	const struct nlattr *a;

	mnl_attr_for_each_nested(a, stats) {
		tc_nl_parse_nested(a, c, TCPCRYPT_COUNTER_A_MAX);
		if (c[TCPCRYPT_COUNTER_A_NAME] && c[TCPCRYPT_COUNTER_A_VALUE] &&
		    !mnl_attr_validate(c[TCPCRYPT_COUNTER_A_NAME], MNL_TYPE_NUL_STRING) &&
		    !strcmp(mnl_attr_get_str(c[TCPCRYPT_COUNTER_A_NAME]), want))
			return mnl_attr_get_u64(c[TCPCRYPT_COUNTER_A_VALUE]);
	}
	return 0;
}

static void print_gauges_pretty(const struct nlattr **tb, const struct bucket *b,
				int nb, uint64_t held_total)
{
	char label[32];
	int i;

	/* Each bound by the name of its setting. */
	printf("%-24s %u (max_conns %u)\n", "Connections",
	       u32_or_0(tb[TCPCRYPT_A_CONNS]), u32_or_0(tb[TCPCRYPT_A_MAX_CONNS]));
	printf("%-24s %u (max_handshakes %u)\n", "HandshakesInProgress",
	       u32_or_0(tb[TCPCRYPT_A_HANDSHAKES]),
	       u32_or_0(tb[TCPCRYPT_A_MAX_HANDSHAKES]));
	printf("%-24s %u now, %" PRIu64 " in total\n", "HeldSegments",
	       u32_or_0(tb[TCPCRYPT_A_HELD]), held_total);
	printf("%-24s ", "Memory");
	print_bytes(tb[TCPCRYPT_A_MEMORY] ? mnl_attr_get_u64(tb[TCPCRYPT_A_MEMORY]) : 0);
	printf("%-24s %u (cache_max %u)\n", "CacheEntries",
	       u32_or_0(tb[TCPCRYPT_A_CACHE_ENTRIES]), u32_or_0(tb[TCPCRYPT_A_CACHE_MAX]));
	printf("HandshakeLatency\n");
	for (i = 0; i < nb; i++) {
		bucket_label(label, sizeof(label), &b[i], i ? &b[i - 1] : NULL);
		printf("  %-22s %" PRIu64 "\n", label, b[i].count);
	}
}

static void print_gauges_json(const struct nlattr **tb, const struct bucket *b,
			      int nb, uint64_t held_total)
{
	int i;

	printf("{\"connections\": %u, \"max_conns\": %u, "
	       "\"handshakes_in_progress\": %u, \"max_handshakes\": %u, "
	       "\"held_segments\": %u, \"held_segments_total\": %" PRIu64 ", "
	       "\"memory_bytes\": %" PRIu64 ", \"cache_entries\": %u, \"cache_max\": %u, "
	       "\"handshake_latency_ms\": [",
	       u32_or_0(tb[TCPCRYPT_A_CONNS]), u32_or_0(tb[TCPCRYPT_A_MAX_CONNS]),
	       u32_or_0(tb[TCPCRYPT_A_HANDSHAKES]), u32_or_0(tb[TCPCRYPT_A_MAX_HANDSHAKES]),
	       u32_or_0(tb[TCPCRYPT_A_HELD]), held_total,
	       tb[TCPCRYPT_A_MEMORY] ? mnl_attr_get_u64(tb[TCPCRYPT_A_MEMORY]) : 0,
	       u32_or_0(tb[TCPCRYPT_A_CACHE_ENTRIES]), u32_or_0(tb[TCPCRYPT_A_CACHE_MAX]));
	for (i = 0; i < nb; i++) {
		printf("%s{\"below\": ", i ? ", " : "");
		if (b[i].bounded)
			printf("%" PRIu32, b[i].below_ms);
		else
			printf("null");
		printf(", \"count\": %" PRIu64 "}", b[i].count);
	}
	printf("], \"counters\": {");
}

/* "TcpcryptInDropMacNoConn" -> "in_drop_mac_no_conn", for metric names. */
static void snake_case(char *out, size_t len, const char *name)
{
	size_t plen = strlen(TCPCRYPT_STAT_PREFIX), o = 0;
	const char *p;

	if (!strncmp(name, TCPCRYPT_STAT_PREFIX, plen))
		name += plen;
	for (p = name; *p && o + 2 < len; p++) {
		bool up = *p >= 'A' && *p <= 'Z';

		/* A word starts at a capital after a small letter or digit. */
		if (up && p > name && !(p[-1] >= 'A' && p[-1] <= 'Z'))
			out[o++] = '_';
		out[o++] = up ? *p - 'A' + 'a' : *p;
	}
	out[o] = '\0';
}

static void prom_gauge(const char *name, const char *help, uint64_t v)
{
	printf("# HELP tcpcrypt_%s %s\n# TYPE tcpcrypt_%s gauge\ntcpcrypt_%s %" PRIu64 "\n",
	       name, help, name, name, v);
}

/*
 * The Prometheus text exposition format: the gauges, the latency
 * histogram in seconds (cumulative buckets; no _sum, which the kernel
 * does not keep), then every counter as tcpcrypt_<name>_total.
 */
static void print_gauges_prometheus(const struct nlattr **tb, const struct bucket *b,
				    int nb)
{
	uint64_t cum = 0;
	int i;

	prom_gauge("connections", "Connections in the table now.",
		   u32_or_0(tb[TCPCRYPT_A_CONNS]));
	prom_gauge("max_conns", "The setting max_conns: most connections tracked.",
		   u32_or_0(tb[TCPCRYPT_A_MAX_CONNS]));
	prom_gauge("handshakes_in_progress", "Handshakes under way now.",
		   u32_or_0(tb[TCPCRYPT_A_HANDSHAKES]));
	prom_gauge("max_handshakes", "The setting max_handshakes: most handshakes in progress.",
		   u32_or_0(tb[TCPCRYPT_A_MAX_HANDSHAKES]));
	prom_gauge("held_segments", "Segments held back now during public-key work.",
		   u32_or_0(tb[TCPCRYPT_A_HELD]));
	prom_gauge("memory_bytes", "Bytes held for connections now.",
		   tb[TCPCRYPT_A_MEMORY] ? mnl_attr_get_u64(tb[TCPCRYPT_A_MEMORY]) : 0);
	prom_gauge("cache_entries", "Sessions in the session cache now.",
		   u32_or_0(tb[TCPCRYPT_A_CACHE_ENTRIES]));
	prom_gauge("cache_max", "The setting cache_max: most sessions cached.",
		   u32_or_0(tb[TCPCRYPT_A_CACHE_MAX]));
	printf("# HELP tcpcrypt_handshake_latency_seconds Time from the first SYN to encryption of completed handshakes.\n"
	       "# TYPE tcpcrypt_handshake_latency_seconds histogram\n");
	for (i = 0; i < nb; i++) {
		cum += b[i].count;
		if (b[i].bounded)
			printf("tcpcrypt_handshake_latency_seconds_bucket{le=\"%g\"} %" PRIu64 "\n",
			       b[i].below_ms / 1000.0, cum);
		else
			printf("tcpcrypt_handshake_latency_seconds_bucket{le=\"+Inf\"} %" PRIu64 "\n",
			       cum);
	}
	printf("tcpcrypt_handshake_latency_seconds_count %" PRIu64 "\n", cum);
}

static int stats_cb(const struct nlmsghdr *nlh, void *data)
{
	const struct nlattr *tb[TCPCRYPT_A_MAX + 1], *c[TCPCRYPT_COUNTER_A_MAX + 1];
	struct bucket b[TCPCRYPT_HS_LATENCY_BUCKETS];
	size_t plen = strlen(TCPCRYPT_STAT_PREFIX);
	struct stats_ctx *sc = data;
	const struct nlattr *a;
	uint64_t held_total;
	unsigned int n = 0;
	int nb;

	tc_nl_parse_msg(nlh, tb, TCPCRYPT_A_MAX);
	if (!tb[TCPCRYPT_A_STATS] || !tb[TCPCRYPT_A_CONNS] ||
	    !tb[TCPCRYPT_A_HANDSHAKES])
		return MNL_CB_ERROR;
	nb = parse_latency(tb[TCPCRYPT_A_HS_LATENCY], b, TCPCRYPT_HS_LATENCY_BUCKETS);
	if (nb < 0)
		return MNL_CB_ERROR;
	held_total = counter(tb[TCPCRYPT_A_STATS], TCPCRYPT_STAT_PREFIX "HeldSegs");
	if (sc->fmt == STATS_JSON)
		print_gauges_json(tb, b, nb, held_total);
	else if (sc->fmt == STATS_PROMETHEUS)
		print_gauges_prometheus(tb, b, nb);
	else
		print_gauges_pretty(tb, b, nb, held_total);
	mnl_attr_for_each_nested(a, tb[TCPCRYPT_A_STATS]) {
		const char *name;
		uint64_t v;

		tc_nl_parse_nested(a, c, TCPCRYPT_COUNTER_A_MAX);
		if (!c[TCPCRYPT_COUNTER_A_NAME] || !c[TCPCRYPT_COUNTER_A_VALUE] ||
		    mnl_attr_validate(c[TCPCRYPT_COUNTER_A_NAME], MNL_TYPE_NUL_STRING))
			return MNL_CB_ERROR;
		name = mnl_attr_get_str(c[TCPCRYPT_COUNTER_A_NAME]);
		v = mnl_attr_get_u64(c[TCPCRYPT_COUNTER_A_VALUE]);
		if (sc->fmt == STATS_JSON) {
			printf("%s\"%s\": %" PRIu64, n ? ", " : "", name, v);
		} else if (sc->fmt == STATS_PROMETHEUS) {
			char metric[64];

			snake_case(metric, sizeof(metric), name);
			printf("# HELP tcpcrypt_%s_total The counter %s of /proc/net/tcpcrypt_stat.\n"
			       "# TYPE tcpcrypt_%s_total counter\ntcpcrypt_%s_total %" PRIu64 "\n",
			       metric, name, metric, metric, v);
		} else {
			/* The prefix says nothing on a screen that is all tcpcrypt. */
			if (!strncmp(name, TCPCRYPT_STAT_PREFIX, plen))
				name += plen;
			printf("%-24s %" PRIu64 "\n", name, v);
		}
		n++;
	}
	if (sc->fmt == STATS_JSON)
		printf("}}\n");
	sc->seen = true;
	return MNL_CB_OK;
}

int cmd_stats(int argc, char **argv, const struct opts *o)
{
	struct stats_ctx sc = { .fmt = o->json ? STATS_JSON : STATS_PRETTY };
	char buf[MNL_SOCKET_BUFFER_SIZE];
	struct tc_nl t;
	int ret, i;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "--prometheus")) {
			fprintf(stderr, "tcpcryptctl stats: unknown argument '%s' "
				"(valid: --prometheus, --json)\n", argv[i]);
			return EXIT_USAGE;
		}
		if (o->json) {
			fprintf(stderr, "tcpcryptctl stats: --prometheus and --json exclude each other\n");
			return EXIT_USAGE;
		}
		sc.fmt = STATS_PROMETHEUS;
	}
	ret = tc_nl_open(&t, "stats");
	if (ret)
		return ret;
	ret = tc_nl_talk(&t, tc_nl_msg(&t, buf, TCPCRYPT_CMD_GET_STATS, 0),
			 stats_cb, &sc);
	tc_nl_close(&t);
	return ret;
}
