// SPDX-License-Identifier: GPL-2.0
/*
 * TCP header, option walker, CRYPT and MAC option codecs.
 */
#include "unit.h"

/* SYN-ACK options of p256.pcap: MSS, NOP, TS, NOP, WS, CRYPT(PKCONF), EOL pad */
static const char synack_opts[] =
	"020405b40101080a8786178c1dd6638201030307450d410b000200000100000201000000";

START_TEST(tcphdr_parse_errors)
{
	u8 seg[64] = { 0 };
	struct tcpcrypt_tcphdr th;

	ck_assert_int_eq(tcpcrypt_tcphdr_parse(seg, 19, &th), -EBADMSG);
	seg[12] = 4 << 4;	/* header shorter than 20 bytes */
	ck_assert_int_eq(tcpcrypt_tcphdr_parse(seg, 40, &th), -EBADMSG);
	seg[12] = 11 << 4;	/* header longer than the segment */
	ck_assert_int_eq(tcpcrypt_tcphdr_parse(seg, 40, &th), -EBADMSG);
	seg[12] = 0;
	ck_assert_int_eq(tcpcrypt_tcphdr_parse(seg, 40, &th), -EBADMSG);
}
END_TEST

START_TEST(tcphdr_parse_fields)
{
	u8 seg[64];
	struct tcpcrypt_tcphdr th;
	size_t n;

	n = unit_hex(seg, sizeof(seg),
		     "9c4000501122334955667788d01803e8abcd0007"
		     "0101080a0000000100000002" "4612" "00112233445566778899aabbccddeeff" "0000"
		     "c0c1c2");
	ck_assert_int_eq(tcpcrypt_tcphdr_parse(seg, n, &th), 0);
	ck_assert_uint_eq(th.sport, 40000);
	ck_assert_uint_eq(th.dport, 80);
	ck_assert_uint_eq(th.seq, 0x11223349);
	ck_assert_uint_eq(th.ack, 0x55667788);
	ck_assert_uint_eq(th.doff, 13);
	ck_assert_uint_eq(th.flags, 0x18);
	ck_assert_uint_eq(th.win, 1000);
	ck_assert_uint_eq(th.urg, 7);
	ck_assert_uint_eq(th.opts_off, 20);
	ck_assert_uint_eq(th.opts_len, 32);
	ck_assert_uint_eq(th.payload_off, 52);
	ck_assert_uint_eq(th.payload_len, 3);
}
END_TEST

static int walk_all(const u8 *p, size_t len, u8 *kinds, int max)
{
	struct tcpcrypt_opt_iter it;
	struct tcpcrypt_opt o;
	int n = 0, ret;

	tcpcrypt_opt_iter_init(&it, p, len);
	while ((ret = tcpcrypt_opt_next(&it, &o)) > 0) {
		/* Not ck_assert(): this runs 2^24 times, see below. */
		if (o.off + o.len > len || o.data != p + o.off + 2)
			ck_abort_msg("option at %zu, %u bytes, data at +%td, in %zu",
				     o.off, o.len, o.data - p, len);
		if (n < max)
			kinds[n] = o.kind;
		n++;
	}
	return ret < 0 ? ret : n;
}

START_TEST(walker_valid)
{
	u8 opts[40], kinds[8];
	size_t n = unit_hex(opts, sizeof(opts), synack_opts);

	ck_assert_int_eq(walk_all(opts, n, kinds, 8), 4);
	ck_assert_uint_eq(kinds[0], 2);
	ck_assert_uint_eq(kinds[1], 8);
	ck_assert_uint_eq(kinds[2], 3);
	ck_assert_uint_eq(kinds[3], 69);
	ck_assert_int_eq(walk_all(opts, 0, kinds, 8), 0);
	memset(opts, 1, 7);
	ck_assert_int_eq(walk_all(opts, 7, kinds, 8), 0);
	memset(opts, 0, 7);
	ck_assert_int_eq(walk_all(opts, 7, kinds, 8), 0);
	/* unknown kinds are walked over by their length */
	n = unit_hex(opts, sizeof(opts), "fe04aabb 01 fd02 1b03cc");
	ck_assert_int_eq(walk_all(opts, n, kinds, 8), 3);
	ck_assert_uint_eq(kinds[0], 0xfe);
	ck_assert_uint_eq(kinds[1], 0xfd);
	ck_assert_uint_eq(kinds[2], 0x1b);
}
END_TEST

START_TEST(walker_malformed)
{
	u8 opts[40], kinds[8];
	size_t n;

	n = unit_hex(opts, sizeof(opts), "0101 02");		/* kind, no length */
	ck_assert_int_eq(walk_all(opts, n, kinds, 8), -EBADMSG);
	n = unit_hex(opts, sizeof(opts), "01 0200 0000");	/* length 0 */
	ck_assert_int_eq(walk_all(opts, n, kinds, 8), -EBADMSG);
	n = unit_hex(opts, sizeof(opts), "fe01 0000");		/* length 1 */
	ck_assert_int_eq(walk_all(opts, n, kinds, 8), -EBADMSG);
	n = unit_hex(opts, sizeof(opts), "0204 05b4 0818 0000");	/* past end */
	ck_assert_int_eq(walk_all(opts, n, kinds, 8), -EBADMSG);
	n = unit_hex(opts, sizeof(opts), "4612 0011");		/* truncated MAC */
	ck_assert_int_eq(walk_all(opts, n, kinds, 8), -EBADMSG);
	/* anything after EOL is padding: junk there ends the walk quietly */
	n = unit_hex(opts, sizeof(opts), "0204 05b4 00 4505");
	ck_assert_int_eq(walk_all(opts, n, kinds, 8), 1);
	n = unit_hex(opts, sizeof(opts), "00 fe");
	ck_assert_int_eq(walk_all(opts, n, kinds, 8), 0);
}
END_TEST

/*
 * Every 1-, 2- and 3-byte options area: bounded, terminates, consistent.
 * Failures are counted and asserted once: a passing ck_assert() still
 * writes to Check's pipe, which made 2^24 of them take minutes.
 */
START_TEST(walker_exhaustive_short)
{
	u8 opts[3], kinds[4];
	unsigned long bad = 0;
	u32 v, first_bad = 0;
	int r;

	for (v = 0; v < (1u << 24); v++) {
		bool ok;

		opts[0] = v;
		opts[1] = v >> 8;
		opts[2] = v >> 16;
		r = walk_all(opts, 3, kinds, 4);
		ok = r == -EBADMSG || (r >= 0 && r <= 1);
		if (v < 0x10000) {
			r = walk_all(opts, 2, kinds, 4);
			ok &= r == -EBADMSG || (r >= 0 && r <= 1);
		}
		if (v < 0x100)
			ok &= walk_all(opts, 1, kinds, 4) <= 0;
		if (!ok && !bad++)
			first_bad = v;
	}
	ck_assert_msg(!bad, "%lu bad areas, the first 0x%06x (bytes low first)",
		      bad, first_bad);
}
END_TEST

START_TEST(walker_random)
{
	u8 opts[64], kinds[64];
	unsigned int i;

	srand(4);
	for (i = 0; i < 200000; i++) {
		size_t len = rand() % sizeof(opts), j;

		for (j = 0; j < len; j++)
			opts[j] = (rand() & 1) ? rand() % 8 : rand();
		ck_assert_int_le(walk_all(opts, len, kinds, 64), 32);
	}
}
END_TEST

START_TEST(opt_find)
{
	u8 opts[40];
	struct tcpcrypt_opt o;
	size_t n = unit_hex(opts, sizeof(opts), synack_opts);

	ck_assert_int_eq(tcpcrypt_opt_find(opts, n, 69, &o), 1);
	ck_assert_uint_eq(o.len, 13);
	ck_assert_uint_eq(o.off, 20);
	ck_assert_int_eq(tcpcrypt_opt_find(opts, n, 70, &o), 0);
	n = unit_hex(opts, sizeof(opts), "0204 05b4 4501");
	ck_assert_int_eq(tcpcrypt_opt_find(opts, n, 70, &o), -EBADMSG);
	/* found before the malformed tail */
	ck_assert_int_eq(tcpcrypt_opt_find(opts, n, 2, &o), 1);
}
END_TEST

START_TEST(mac_opts)
{
	u8 opts[40], out[40];
	size_t n;

	/* NOP, NOP, TS and MAC are not MACed */
	n = unit_hex(opts, sizeof(opts),
		     "0101080a1dd663c18786178c4612f200ae720053b97ab8cefd21c8e6cba20000");
	ck_assert_int_eq(tcpcrypt_mac_opts(opts, n, out, sizeof(out)), 0);
	ck_assert_int_eq(tcpcrypt_mac_opts_sel(opts, n, false, out, sizeof(out)), 0);
	/* the module suites' rule: TS is, whole and as on the wire */
	ck_assert_int_eq(tcpcrypt_mac_opts_sel(opts, n, true, out, sizeof(out)), 10);
	ck_assert_mem_eq(out, "\x08\x0a\x1d\xd6\x63\xc1\x87\x86\x17\x8c", 10);
	ck_assert_int_eq(tcpcrypt_mac_opts_sel(opts, n, true, out, 9), -ENOSPC);
	/* in wire order among the others */
	n = unit_hex(opts, sizeof(opts), "0402 080a0000000100000002 1e04abcd 0101");
	ck_assert_int_eq(tcpcrypt_mac_opts_sel(opts, n, true, out, sizeof(out)), 16);
	ck_assert_mem_eq(out, opts, 16);
	ck_assert_int_eq(tcpcrypt_mac_opts(opts, n, out, sizeof(out)), 6);
	ck_assert_mem_eq(out, "\x04\x02\x1e\x04\xab\xcd", 6);
	/* the retransmitted-INIT2 case: CRYPT, EOL pad, then MAC */
	n = unit_hex(opts, sizeof(opts),
		     "450308004612" "5a932263c424839a199d98497d19b2b9" "0000");
	ck_assert_int_eq(tcpcrypt_mac_opts(opts, n, out, sizeof(out)), 3);
	ck_assert_mem_eq(out, "\x45\x03\x08", 3);
	/* MSS and SACK-perm are, 16/17/19 are not */
	n = unit_hex(opts, sizeof(opts), "020405b4 1003aa 1103bb 1304cccc 0402 01 00");
	ck_assert_int_eq(tcpcrypt_mac_opts(opts, n, out, sizeof(out)), 6);
	ck_assert_mem_eq(out, "\x02\x04\x05\xb4\x04\x02", 6);
	ck_assert_int_eq(tcpcrypt_mac_opts(opts, n, out, 5), -ENOSPC);
	n = unit_hex(opts, sizeof(opts), "0204 05b4 0409");
	ck_assert_int_eq(tcpcrypt_mac_opts(opts, n, out, sizeof(out)), -EBADMSG);
}
END_TEST

START_TEST(macopt_codec)
{
	u8 opts[48], tag[16], want[16];
	size_t n;
	int i;

	for (i = 0; i < 16; i++)
		want[i] = 0xa0 + i;
	ck_assert_int_eq(tcpcrypt_macopt_build(opts, 19, want), -ENOSPC);
	ck_assert_int_eq(tcpcrypt_macopt_build(opts, 20, want), 20);
	ck_assert_uint_eq(opts[0], 70);
	ck_assert_uint_eq(opts[1], 18);
	ck_assert_uint_eq(opts[18], 0);
	ck_assert_uint_eq(opts[19], 0);
	ck_assert_int_eq(tcpcrypt_macopt_parse(opts, 20, tag), 0);
	ck_assert_mem_eq(tag, want, 16);
	/* after timestamps and after EOL padding */
	n = unit_hex(opts, sizeof(opts), "0101080a0000000100000002 45030800");
	ck_assert_int_eq(tcpcrypt_macopt_parse(opts, n, tag), -ENOENT);
	tcpcrypt_macopt_build(opts + n, sizeof(opts) - n, want);
	ck_assert_int_eq(tcpcrypt_macopt_parse(opts, n + 20, tag), 0);
	ck_assert_mem_eq(tag, want, 16);
	/* wrong length, repeated, truncated */
	n = unit_hex(opts, sizeof(opts), "4611 000102030405060708090a0b0c0d0e 00");
	ck_assert_int_eq(tcpcrypt_macopt_parse(opts, n, tag), -EBADMSG);
	n = unit_hex(opts, sizeof(opts), "4613 000102030405060708090a0b0c0d0e0f10 00");
	ck_assert_int_eq(tcpcrypt_macopt_parse(opts, n, tag), -EBADMSG);
	tcpcrypt_macopt_build(opts, 20, want);
	tcpcrypt_macopt_build(opts + 18, 20, want);
	ck_assert_int_eq(tcpcrypt_macopt_parse(opts, 38, tag), -EBADMSG);
	ck_assert_int_eq(tcpcrypt_macopt_parse(opts, 17, tag), -EBADMSG);
}
END_TEST

static int parse_hex(const char *hex, struct tcpcrypt_crypt_opt *co)
{
	u8 body[64];
	size_t n = unit_hex(body, sizeof(body), hex);

	return tcpcrypt_crypt_opt_parse(body, n, co);
}

START_TEST(crypt_parse_each)
{
	struct tcpcrypt_crypt_opt co;

	ck_assert_int_eq(parse_hex("", &co), 0);
	ck_assert_uint_eq(co.present, TCPCRYPT_CO_HELLO);
	ck_assert_int_eq(parse_hex("01", &co), 0);
	ck_assert_uint_eq(co.present, TCPCRYPT_CO_HELLO);
	ck_assert_int_eq(parse_hex("02", &co), 0);
	ck_assert_uint_eq(co.present, TCPCRYPT_CO_HELLO_SUPPORT);
	ck_assert_int_eq(parse_hex("05", &co), 0);
	ck_assert_uint_eq(co.present, TCPCRYPT_CO_NEXTK2);
	ck_assert_int_eq(parse_hex("06", &co), 0);
	ck_assert_uint_eq(co.present, TCPCRYPT_CO_NEXTK2_SUPPORT);
	ck_assert_int_eq(parse_hex("07", &co), 0);
	ck_assert_uint_eq(co.present, TCPCRYPT_CO_INIT1);
	ck_assert_int_eq(parse_hex("08", &co), 0);
	ck_assert_uint_eq(co.present, TCPCRYPT_CO_INIT2);
	ck_assert_int_eq(parse_hex("410b000200000100000201", &co), 0);
	ck_assert_uint_eq(co.present, TCPCRYPT_CO_PKCONF);
	ck_assert_uint_eq(co.npk, 3);
	ck_assert_uint_eq(tcpcrypt_crypt_opt_pkspec(&co, 0), TCPCRYPT_PK_P256);
	ck_assert_uint_eq(tcpcrypt_crypt_opt_pkspec(&co, 1), TCPCRYPT_PK_RSA3);
	ck_assert_uint_eq(tcpcrypt_crypt_opt_pkspec(&co, 2), TCPCRYPT_PK_P521);
	ck_assert_int_eq(parse_hex("4205000300", &co), 0);
	ck_assert_uint_eq(co.present, TCPCRYPT_CO_PKCONF_SUPPORT);
	ck_assert_uint_eq(tcpcrypt_crypt_opt_pkspec(&co, 0), TCPCRYPT_PK_X25519);
	ck_assert_int_eq(parse_hex("84 010203040506070809", &co), 0);
	ck_assert_uint_eq(co.present, TCPCRYPT_CO_NEXTK1);
	ck_assert_mem_eq(co.sid_prefix, "\x01\x02\x03\x04\x05\x06\x07\x08\x09", 9);
	ck_assert_int_eq(parse_hex("85 a1a2a3a4a5a6a7a8a9", &co), 0);
	ck_assert_uint_eq(co.present, TCPCRYPT_CO_NEXTK1_SUPPORT);
	ck_assert_int_eq(parse_hex("83 07 deadbeef", &co), 0);
	ck_assert_uint_eq(co.present, TCPCRYPT_CO_REKEY);
	ck_assert_uint_eq(co.rekey_keygen, 7);
	ck_assert_uint_eq(co.rekey_seq, 0xdeadbeef);
	/* several in one option */
	ck_assert_int_eq(parse_hex("02 4105000200 84 010203040506070809 07", &co), 0);
	ck_assert_uint_eq(co.present, TCPCRYPT_CO_HELLO_SUPPORT | TCPCRYPT_CO_PKCONF |
			  TCPCRYPT_CO_NEXTK1 | TCPCRYPT_CO_INIT1);
	ck_assert_uint_eq(co.unknown, 0);
}
END_TEST

START_TEST(crypt_parse_errors)
{
	struct tcpcrypt_crypt_opt co;

	/* unknown suboptions of each length class */
	ck_assert_int_eq(parse_hex("3f 00 07", &co), 0);
	ck_assert_uint_eq(co.unknown, 2);
	ck_assert_uint_eq(co.present, TCPCRYPT_CO_INIT1);
	ck_assert_int_eq(parse_hex("7f03aa 4002 07", &co), 0);
	ck_assert_uint_eq(co.unknown, 2);
	ck_assert_uint_eq(co.present, TCPCRYPT_CO_INIT1);
	ck_assert_int_eq(parse_hex("80", &co), -EOPNOTSUPP);
	ck_assert_int_eq(parse_hex("07 ff 00", &co), -EOPNOTSUPP);
	ck_assert_int_eq(parse_hex("86 010203040506070809", &co), -EOPNOTSUPP);
	/* truncated */
	ck_assert_int_eq(parse_hex("41", &co), -EBADMSG);
	ck_assert_int_eq(parse_hex("4101", &co), -EBADMSG);
	ck_assert_int_eq(parse_hex("4100", &co), -EBADMSG);
	ck_assert_int_eq(parse_hex("410b000200000100", &co), -EBADMSG);
	ck_assert_int_eq(parse_hex("7f09aa", &co), -EBADMSG);
	ck_assert_int_eq(parse_hex("84 0102030405", &co), -EBADMSG);
	ck_assert_int_eq(parse_hex("85", &co), -EBADMSG);
	ck_assert_int_eq(parse_hex("83 00 0102", &co), -EBADMSG);
	/* bad contents and repeats */
	ck_assert_int_eq(parse_hex("4102", &co), -EINVAL);
	ck_assert_int_eq(parse_hex("41060002000001", &co), -EINVAL);
	ck_assert_int_eq(parse_hex("4105000200 4105000100", &co), -EINVAL);
	ck_assert_int_eq(parse_hex("4105000200 4205000100", &co), -EINVAL);
	ck_assert_int_eq(parse_hex("07 07", &co), -EINVAL);
	ck_assert_int_eq(parse_hex("01 01", &co), -EINVAL);
	ck_assert_int_eq(parse_hex("84 010203040506070809 85 010203040506070809", &co),
			 -EINVAL);
	ck_assert_int_eq(parse_hex("83 00 00000000 83 00 00000000", &co), -EINVAL);
	/* 13 specs do not fit a TCP option but must not overflow either */
	ck_assert_int_eq(parse_hex("4129 000200000200000200000200000200000200000200"
				   "000200000200000200000200000200000200", &co),
			 -EINVAL);
}
END_TEST

START_TEST(crypt_find)
{
	struct tcpcrypt_crypt_opt co;
	u8 opts[40];
	size_t n = unit_hex(opts, sizeof(opts), synack_opts);

	ck_assert_int_eq(tcpcrypt_crypt_opt_find(opts, n, &co), 1);
	ck_assert_uint_eq(co.present, TCPCRYPT_CO_PKCONF);
	ck_assert_uint_eq(co.npk, 3);
	n = unit_hex(opts, sizeof(opts), "020405b4 01030307 00");
	ck_assert_int_eq(tcpcrypt_crypt_opt_find(opts, n, &co), 0);
	n = unit_hex(opts, sizeof(opts), "4502 0000");
	ck_assert_int_eq(tcpcrypt_crypt_opt_find(opts, n, &co), 1);
	ck_assert_uint_eq(co.present, TCPCRYPT_CO_HELLO);
	n = unit_hex(opts, sizeof(opts), "4503 41 00");
	ck_assert_int_eq(tcpcrypt_crypt_opt_find(opts, n, &co), -EBADMSG);
	n = unit_hex(opts, sizeof(opts), "4509");
	ck_assert_int_eq(tcpcrypt_crypt_opt_find(opts, n, &co), -EBADMSG);
}
END_TEST

static void build_expect(const struct tcpcrypt_crypt_opt *co, const char *hex)
{
	u8 want[40], got[40];
	size_t n = unit_hex(want, sizeof(want), hex);

	ck_assert_int_eq(tcpcrypt_crypt_opt_build(got, sizeof(got), co), (int)n);
	ck_assert_mem_eq(got, want, n);
}

START_TEST(crypt_build_wire)
{
	struct tcpcrypt_crypt_opt co;

	memset(&co, 0, sizeof(co));
	co.present = TCPCRYPT_CO_HELLO;
	build_expect(&co, "4502");
	co.present = TCPCRYPT_CO_HELLO_SUPPORT;
	build_expect(&co, "450302");
	co.present = TCPCRYPT_CO_INIT1;
	build_expect(&co, "450307");
	co.present = TCPCRYPT_CO_INIT2;
	build_expect(&co, "450308");
	co.present = TCPCRYPT_CO_NEXTK2;
	build_expect(&co, "450305");
	co.present = TCPCRYPT_CO_NEXTK2_SUPPORT;
	build_expect(&co, "450306");
	co.present = TCPCRYPT_CO_PKCONF;
	co.npk = 3;
	unit_hex(co.pkconf, sizeof(co.pkconf), "000100000200000201");
	build_expect(&co, "450d410b000100000200000201");	/* v0.2 SYN-ACK */
	co.present = TCPCRYPT_CO_PKCONF_SUPPORT;
	build_expect(&co, "450d420b000100000200000201");
	co.present = TCPCRYPT_CO_NEXTK1;
	unit_hex(co.sid_prefix, 9, "8dbbdeacc803c7d1fd");
	build_expect(&co, "450c848dbbdeacc803c7d1fd");
	co.present = TCPCRYPT_CO_NEXTK1_SUPPORT;
	build_expect(&co, "450c858dbbdeacc803c7d1fd");
	co.present = TCPCRYPT_CO_REKEY;
	co.rekey_keygen = 1;
	co.rekey_seq = 0x01020304;
	build_expect(&co, "4508830101020304");
	co.present = TCPCRYPT_CO_HELLO | TCPCRYPT_CO_INIT1;
	build_expect(&co, "45040107");
}
END_TEST

START_TEST(crypt_build_errors)
{
	struct tcpcrypt_crypt_opt co;
	u8 buf[40];

	memset(&co, 0, sizeof(co));
	co.present = TCPCRYPT_CO_PKCONF;
	ck_assert_int_eq(tcpcrypt_crypt_opt_build(buf, 40, &co), -EINVAL);
	co.npk = TCPCRYPT_PKCONF_MAX + 1;
	ck_assert_int_eq(tcpcrypt_crypt_opt_build(buf, 40, &co), -EINVAL);
	co.npk = 1;
	co.present = TCPCRYPT_CO_PKCONF | TCPCRYPT_CO_PKCONF_SUPPORT;
	ck_assert_int_eq(tcpcrypt_crypt_opt_build(buf, 40, &co), -EINVAL);
	co.present = TCPCRYPT_CO_NEXTK1 | TCPCRYPT_CO_NEXTK1_SUPPORT;
	ck_assert_int_eq(tcpcrypt_crypt_opt_build(buf, 40, &co), -EINVAL);
	co.present = 0;
	ck_assert_int_eq(tcpcrypt_crypt_opt_build(buf, 40, &co), -EINVAL);
	co.present = 1u << 20;
	ck_assert_int_eq(tcpcrypt_crypt_opt_build(buf, 40, &co), -EINVAL);
	co.present = TCPCRYPT_CO_INIT1;
	ck_assert_int_eq(tcpcrypt_crypt_opt_build(buf, 2, &co), -ENOSPC);
	co.present = TCPCRYPT_CO_PKCONF | TCPCRYPT_CO_NEXTK1;
	co.npk = TCPCRYPT_PKCONF_MAX;
	ck_assert_int_eq(tcpcrypt_crypt_opt_build(buf, 40, &co), -EMSGSIZE);
	co.present = TCPCRYPT_CO_ALL & ~(TCPCRYPT_CO_PKCONF_SUPPORT |
					 TCPCRYPT_CO_NEXTK1_SUPPORT);
	co.npk = 11;
	ck_assert_int_eq(tcpcrypt_crypt_opt_build(buf, 40, &co), -EMSGSIZE);
	co.npk = 5;
	ck_assert_int_eq(tcpcrypt_crypt_opt_build(buf, 40, &co), -EMSGSIZE);
}
END_TEST

/* Every combination of suboptions: build, parse back, compare. */
START_TEST(crypt_build_roundtrip_all)
{
	struct tcpcrypt_crypt_opt co, back;
	unsigned int mask, ok = 0, i;
	u8 buf[40];
	int n;

	memset(&co, 0, sizeof(co));
	for (i = 0; i < sizeof(co.pkconf); i++)
		co.pkconf[i] = i * 7;
	for (i = 0; i < 9; i++)
		co.sid_prefix[i] = 0xc0 + i;
	co.rekey_keygen = 3;
	co.rekey_seq = 0xfeedf00d;
	for (mask = 1; mask <= TCPCRYPT_CO_ALL; mask++) {
		co.present = mask;
		co.npk = 1 + mask % 4;
		n = tcpcrypt_crypt_opt_build(buf, sizeof(buf), &co);
		if (n < 0)
			continue;
		ok++;
		ck_assert_uint_eq(buf[1], n);
		ck_assert_int_eq(tcpcrypt_crypt_opt_parse(buf + 2, n - 2, &back), 0);
		ck_assert_uint_eq(back.present, mask);
		if (mask & (TCPCRYPT_CO_PKCONF | TCPCRYPT_CO_PKCONF_SUPPORT)) {
			ck_assert_uint_eq(back.npk, co.npk);
			ck_assert_mem_eq(back.pkconf, co.pkconf, 3 * co.npk);
		}
		if (mask & (TCPCRYPT_CO_NEXTK1 | TCPCRYPT_CO_NEXTK1_SUPPORT))
			ck_assert_mem_eq(back.sid_prefix, co.sid_prefix, 9);
		if (mask & TCPCRYPT_CO_REKEY) {
			ck_assert_uint_eq(back.rekey_keygen, 3);
			ck_assert_uint_eq(back.rekey_seq, 0xfeedf00d);
		}
	}
	ck_assert_uint_gt(ok, 500);
}
END_TEST

START_TEST(padlen)
{
	ck_assert_uint_eq(tcpcrypt_opt_padlen(0), 0);
	ck_assert_uint_eq(tcpcrypt_opt_padlen(2), 2);
	ck_assert_uint_eq(tcpcrypt_opt_padlen(3), 1);
	ck_assert_uint_eq(tcpcrypt_opt_padlen(13), 3);
	ck_assert_uint_eq(tcpcrypt_opt_padlen(20), 0);
}
END_TEST

Suite *tcpopt_suite(void)
{
	Suite *s = suite_create("tcpopt");
	TCase *tc = tcase_create("codec");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, tcphdr_parse_errors);
	tcase_add_test(tc, tcphdr_parse_fields);
	tcase_add_test(tc, walker_valid);
	tcase_add_test(tc, walker_malformed);
	tcase_add_test(tc, walker_exhaustive_short);
	tcase_add_test(tc, walker_random);
	tcase_add_test(tc, opt_find);
	tcase_add_test(tc, mac_opts);
	tcase_add_test(tc, macopt_codec);
	tcase_add_test(tc, crypt_parse_each);
	tcase_add_test(tc, crypt_parse_errors);
	tcase_add_test(tc, crypt_find);
	tcase_add_test(tc, crypt_build_wire);
	tcase_add_test(tc, crypt_build_errors);
	tcase_add_test(tc, crypt_build_roundtrip_all);
	tcase_add_test(tc, padlen);
	suite_add_tcase(s, tc);
	return s;
}
