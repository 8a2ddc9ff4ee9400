#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Known answers for the Poly1305 suites (docs/PROTOCOL.md 4.5), computed
independently of kmod/proto: Poly1305 with Python integers (checked against
the `cryptography` package's Poly1305 with s = 0), AES-128 and ChaCha20
from `cryptography`. Prints kmod/proto/vectors_poly.h:

    tests/unit/vectors/poly_vectors.py > kmod/proto/vectors_poly.h
"""
import struct

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from cryptography.hazmat.primitives.poly1305 import Poly1305

P = (1 << 130) - 5


def poly_hash(r, msg):
    """(sum mod 2^130 - 5) mod 2^128 as 16 little-endian bytes."""
    rv = int.from_bytes(r, "little") & 0x0ffffffc0ffffffc0ffffffc0fffffff
    acc = 0
    for i in range(0, len(msg), 16):
        chunk = msg[i:i + 16] + b"\x01"
        acc = (acc + int.from_bytes(chunk, "little")) * rv % P
    out = (acc % (1 << 128)).to_bytes(16, "little")
    # A second implementation: the RFC's tag with s = 0.
    assert Poly1305.generate_tag(r + bytes(16), msg) == out
    return out


def aes(key, block):
    e = Cipher(algorithms.AES(key), modes.ECB()).encryptor()
    return e.update(block) + e.finalize()


def chacha_block(key, words12_15):
    e = Cipher(algorithms.ChaCha20(key, words12_15), mode=None).encryptor()
    return e.update(bytes(64))


def stream_aes(key, pos, n):
    out = b""
    for i in range(pos, pos + n):
        out += bytes([aes(key, (i // 16).to_bytes(16, "big"))[i % 16]])
    return out


def stream_chacha(key, pos, n):
    out = b""
    for i in range(pos, pos + n):
        blk = (i // 64).to_bytes(8, "little") + bytes(8)
        out += bytes([chacha_block(key, blk)[i % 64]])
    return out


ENC = bytes(range(0x10, 0x30))
MAC = bytes(range(0x30, 0x50))
ACK = bytes(range(0x50, 0x70))

SUITES = {
    "aes": dict(stream=lambda p, n: stream_aes(ENC[:16], p, n),
                prf=lambda h: aes(ACK[:16], h)),
    "chacha": dict(stream=lambda p, n: stream_chacha(ENC, p, n),
                   prf=lambda h: chacha_block(ACK, h)[:16]),
}


def mac_input(seq64, ack64, tcp_len, doff, flags, urg, o, c):
    hdr = struct.pack(">QQHBBHB", seq64, ack64, tcp_len, doff, flags, urg,
                      len(o)) + bytes(9)
    assert len(hdr) == 32
    return hdr + o + bytes(-len(o) % 16) + c


def segment(suite, isn, isn_peer, seq64, ack64, flags, urg, opts_pre, o,
            plain):
    """Whole TCP segment: opts_pre (MACed ones as on the wire, NOPs
    allowed), then the MAC option and two EOL bytes."""
    s = SUITES[suite]
    opts_len = len(opts_pre) + 20
    assert opts_len % 4 == 0
    doff = 5 + opts_len // 4
    tcp_len = 20 + opts_len + len(plain)
    c = bytes(a ^ b for a, b in zip(plain, s["stream"](seq64, len(plain))))
    h = poly_hash(MAC[:16], mac_input(seq64, ack64, tcp_len, doff, flags,
                                      urg, o, c))
    tag = s["prf"](h)
    th = struct.pack(">HHIIBBHHH", 0xc350, 0x1e61, (isn + seq64) & 0xffffffff,
                     (isn_peer + ack64) & 0xffffffff, doff << 4, flags,
                     0x0200, 0, urg)
    return th + opts_pre + bytes([70, 18]) + tag + bytes(2) + c


def carr(name, data):
    lines = ["static const u8 %s[%d] = {" % (name, len(data))]
    for i in range(0, len(data), 12):
        lines.append("\t" + " ".join("0x%02x," % b for b in data[i:i + 12]))
    lines.append("};")
    return "\n".join(lines) + "\n"


def main():
    out = []
    p = out.append
    p("/* SPDX-License-Identifier: GPL-2.0 */\n/*\n"
      " * Known answers for the Poly1305 suites, written by\n"
      " * tests/unit/vectors/poly_vectors.py (Python integers and the\n"
      " * `cryptography` package, not this code). Included by the unit tests.\n"
      " */\n#ifndef _TCPCRYPT_PROTO_VECTORS_POLY_H\n"
      "#define _TCPCRYPT_PROTO_VECTORS_POLY_H\n\n#include \"compat.h\"\n\n")

    # The bare hash: RFC 8439 2.5.2's r and message; small r with
    # all-ones blocks, which take the accumulator past 2^130 - 5 and
    # 2^128; lengths around the block size.
    r_rfc = bytes.fromhex("85d6be7857556d337f4452fe42d506a8")
    hashes = [(r_rfc, b"Cryptographic Forum Research Group"),
              (bytes([2]) + bytes(15), b"\xff" * 16),
              (bytes([1]) + bytes(15), b"\xff" * 16 + b"\xf0" + b"\xff" * 15
               + b"\x11" + bytes(15)),
              (bytes([2]) + bytes(15), b"\xfd" + b"\xff" * 15)]
    for n in (0, 1, 15, 16, 17, 31, 32, 33, 64, 100):
        hashes.append((r_rfc[::-1], bytes((7 * i + n) & 0xff
                                          for i in range(n))))
    p("struct tcpcrypt_kat_poly {\n\tconst u8 *r;\n\tconst u8 *msg;\n"
      "\tsize_t len;\n\tconst u8 *out;\n};\n\n")
    for i, (r, m) in enumerate(hashes):
        p(carr("kat_poly%d_r" % i, r))
        p(carr("kat_poly%d_msg" % i, m) if m else
          "static const u8 kat_poly%d_msg[1];\n" % i)
        p(carr("kat_poly%d_out" % i, poly_hash(r, m)))
    p("\nstatic const struct tcpcrypt_kat_poly kat_poly[] = {\n")
    for i, (r, m) in enumerate(hashes):
        p("\t{ kat_poly%d_r, kat_poly%d_msg, %d, kat_poly%d_out },\n"
          % (i, i, len(m), i))
    p("};\n\n")

    p("/* Directions' secrets of every vector below. */\n")
    p(carr("kat_poly_enc", ENC) + carr("kat_poly_mac", MAC)
      + carr("kat_poly_ack", ACK) + "\n")

    # Keystream windows: across the 2^32 stream offset, the AES counter's
    # low word wrap (block 2^32) and ChaCha20's word 12 wrap (block 2^32).
    bases = [(1 << 32) - 91, (1 << 36) - 77, (1 << 38) - 100]
    p("#define KAT_POLY_WINDOW\t320\t/* 2 blocks of starts + 3 of length */\n")
    p("static const u64 kat_poly_window_base[] = {\n")
    for b in bases:
        p("\t0x%xULL,\n" % b)
    p("};\n\n")
    for suite in ("aes", "chacha"):
        for i, b in enumerate(bases):
            p(carr("kat_poly_%s_window%d" % (suite, i),
                   SUITES[suite]["stream"](b, 320)))
        p("static const u8 *const kat_poly_%s_windows[] = {\n" % suite)
        p("".join("\tkat_poly_%s_window%d,\n" % (suite, i)
                  for i in range(len(bases))))
        p("};\n\n")

    # Whole segments.
    plain = (b"tcpcrypt poly1305 vector: the quick brown fox jumps over the "
             b"lazy dog, 0123456789!")
    ts = bytes.fromhex("080a0000000100000002")
    k30 = bytes.fromhex("1e06abcdef01")
    isn_c, isn_s = 0xfffffe00, 0x7ffffff0
    segs = [
        # name, seq64, ack64, flags, urg, opts_pre, O, plaintext, seq_ext,
        # ack_ext (receiver state before it)
        ("data", 0x59, 0x4e, 0x18, 0, ts + b"\x01\x01", ts, plain[:37],
         0, 0),
        ("ack", 0x7e, 0x4e, 0x10, 0, b"", b"", b"", 0x59, 0x4e),
        ("wrap", (1 << 32) - 10, (1 << 32) + 0x10, 0x19, 3, ts + k30,
         ts + k30, plain[:40], (1 << 32) - 0x1000, (1 << 32) - 0x1000),
    ]
    p("struct tcpcrypt_kat_polyseg {\n\tconst char *name;\n"
      "\tconst u8 *tcp;\n\tsize_t tcp_len;\n\tconst u8 *plain;\n"
      "\tsize_t plain_len;\n\tu64 seq_ext;\n\tu64 ack_ext;\n};\n\n")
    p("#define KAT_POLY_ISN_SENDER\t0x%08xU\n" % isn_c)
    p("#define KAT_POLY_ISN_PEER\t0x%08xU\n\n" % isn_s)
    for suite in ("aes", "chacha"):
        for name, s64, a64, fl, urg, pre, o, pt, se, ae in segs:
            seg = segment(suite, isn_c, isn_s, s64, a64, fl, urg, pre, o, pt)
            p(carr("kat_poly_%s_%s" % (suite, name), seg))
        p("static const struct tcpcrypt_kat_polyseg kat_poly_%s_segs[] = {\n"
          % suite)
        for name, s64, a64, fl, urg, pre, o, pt, se, ae in segs:
            p('\t{ "%s-%s", kat_poly_%s_%s, sizeof(kat_poly_%s_%s), '
              'kat_poly_plain, %d, 0x%xULL, 0x%xULL },\n'
              % (suite, name, suite, name, suite, name, len(pt), se, ae))
        p("};\n\n")
    text = "".join(out)
    # The shared plaintext goes before the first segment table.
    first = text.index("static const u8 kat_poly_aes_data")
    text = text[:first] + carr("kat_poly_plain", plain) + "\n" + text[first:]
    print(text + "#endif /* _TCPCRYPT_PROTO_VECTORS_POLY_H */")


if __name__ == "__main__":
    main()
