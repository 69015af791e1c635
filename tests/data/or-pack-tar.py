#!/usr/bin/env python3
"""An independent model of the canonical archive (hashes.md section 4) for
the or-pack tests, written from the spec's header table, not from or-pack:

  build DIR OUT        the canonical archive of a folder (directory source)
  hostile OUTDIR       a corpus of hostile and non-canonical archives, one
                       file per case, named CODE--CASE.tar
  list ARCHIVE         path, type, mode, size and link of each entry as
                       python's tarfile reads them (one JSON line each)
"""
import json
import os
import stat
import sys
import tarfile


def field_mode(perm):
    return b"%06o \0" % perm                        # 6 digits, space, NUL


def header(path, typeflag, perm, size, link=b"", *, mtime=0, uname=b"",
           magic=b"ustar\x0000", chksum_fix=None, mode_field=None,
           size_field=None, prefix_override=None):
    h = bytearray(512)
    if prefix_override is not None:
        prefix, name = prefix_override
    elif len(path) <= 100:
        prefix, name = b"", path
    else:
        i = path.find(b"/", len(path) - 101)
        if i == 0:
            i = path.find(b"/", 1)
        if i < 0 or i + 1 == len(path) or i > 155:
            raise ValueError("cannot split %r" % path)
        prefix, name = path[:i], path[i + 1:]
    h[0:len(name)] = name
    h[100:108] = mode_field if mode_field is not None else field_mode(perm)
    h[108:116] = b"000000 \0"
    h[116:124] = b"000000 \0"
    h[124:136] = size_field if size_field is not None else b"%011o " % size
    h[136:148] = b"%011o " % mtime
    h[148:156] = b" " * 8
    h[156:157] = typeflag
    h[157:157 + len(link)] = link
    h[257:265] = magic
    h[265:265 + len(uname)] = uname
    h[329:337] = b"000000 \0"
    h[337:345] = b"000000 \0"
    h[345:345 + len(prefix)] = prefix
    s = sum(h) if chksum_fix is None else chksum_fix
    h[148:156] = b"%06o\0 " % s                     # 6 digits, NUL, space
    return bytes(h)


def pad(data):
    return data + b"\0" * (-len(data) % 512)


def entry_file(path, data, perm=0o644, **kw):
    return header(path, b"0", perm, len(data), **kw) + pad(data)


def entry_link(path, target, **kw):
    return header(path, b"2", 0o777, 0, target, **kw)


END = b"\0" * 1024


def walk(top):
    out = []
    for root, dirs, files in os.walk(top.encode()):
        rel = os.path.relpath(root, top.encode())
        if rel == b".":
            rel = b""
            dirs[:] = [d for d in dirs if d != b".git"]
        for name in files + [d for d in dirs
                             if os.path.islink(os.path.join(root, d))]:
            full = os.path.join(root, name)
            path = rel + b"/" + name if rel else name
            st = os.lstat(full)
            if stat.S_ISLNK(st.st_mode):
                out.append((path, "link", os.readlink(full)))
            else:
                with open(full, "rb") as f:
                    perm = 0o755 if st.st_mode & stat.S_IXUSR else 0o644
                    out.append((path, perm, f.read()))
    out.sort(key=lambda e: e[0])                     # bytes order
    return out


def build(top, out):
    blob = b""
    for path, kind, x in walk(top):
        if kind == "link":
            blob += entry_link(path, x)
        else:
            blob += entry_file(path, x, kind)
    with open(out, "wb") as f:
        f.write(blob + END)


def hostile(outdir):
    ok = entry_file(b"a.txt", b"hello\n")
    cases = {
        "tar.absolute_path--abs": entry_file(b"/etc/passwd", b"x"),
        "tar.dotdot--parent": entry_file(b"../evil", b"x"),
        "tar.dotdot--inner": entry_file(b"a/../../evil", b"x"),
        "tar.dotdot--last": entry_file(b"a/..", b"x"),
        "tar.bad_path--dot": entry_file(b"./a", b"x"),
        "tar.bad_path--empty-component": entry_file(b"a//b", b"x"),
        "tar.bad_path--trailing-slash": header(b"dir/", b"0", 0o644, 0),
        "tar.bad_path--empty-name": entry_file(b"", b"x"),
        "tar.git_component--git": entry_file(b".git/config", b"x"),
        "tar.git_component--upper": entry_file(b"sub/.GIT/hooks/pre-commit",
                                               b"x"),
        "tar.git_component--mixed": entry_file(b".Git", b"x"),
        "tar.link_absolute--abs": entry_link(b"l", b"/etc/passwd"),
        "tar.link_escape--up": entry_link(b"l", b".."),
        "tar.link_escape--deep": entry_link(b"a/b/l", b"../../../x"),
        "tar.link_escape--inner": entry_link(b"l", b"a/../../x"),
        # each link stays inside lexically; followed, e leaves the tree
        "tar.link_escape--chain": entry_link(b"d/up", b"..") +
        entry_link(b"e", b"d/up/.."),
        "tar.link_escape--chain-later": entry_link(b"a", b"m/up/..") +
        entry_link(b"m/up", b".."),
        "tar.link_loop--loop": entry_link(b"a", b"b") + entry_link(b"b", b"a"),
        "tar.link_git--target": entry_link(b"l", b".git/config"),
        "tar.bad_link--empty": entry_link(b"l", b""),
        "tar.path_conflict--file-under-link": entry_link(b"a", b"b") +
        entry_file(b"a/x", b"x") + entry_file(b"b", b""),
        "tar.path_conflict--file-under-file": entry_file(b"a", b"") +
        entry_file(b"a/x", b"x"),
        "tar.hard_link--hard": ok + header(b"b.txt", b"1", 0o644, 0,
                                           b"a.txt"),
        "tar.device--char": header(b"tty", b"3", 0o644, 0),
        "tar.device--block": header(b"sda", b"4", 0o644, 0),
        "tar.fifo--fifo": header(b"fifo", b"6", 0o644, 0),
        "tar.directory--dir": header(b"dir", b"5", 0o755, 0) +
        entry_file(b"dir/a", b"x"),
        "tar.duplicate--twice": ok + ok,
        "tar.unsorted--order": entry_file(b"b", b"x") + entry_file(b"a",
                                                                  b"x"),
        "tar.unsorted--prefix-first": entry_file(b"ab", b"") +
        entry_file(b"a", b""),
        "tar.extension_header--pax": header(b"././@PaxHeader", b"x", 0o644,
                                            len(b"18 path=a.txt.b\n")) +
        pad(b"18 path=a.txt.b\n") + ok,
        "tar.extension_header--global": header(b"pax_global_header", b"g",
                                               0o644, 0) + ok,
        "tar.extension_header--gnu-longname": header(b"././@LongLink", b"L",
                                                     0o644, 201) +
        pad(b"x" * 200 + b"\0") + entry_file(b"x" * 100, b"x"),
        "tar.unsupported_entry--sparse": header(b"s", b"S", 0o644, 0),
        "tar.unsupported_entry--old-regular": header(b"a", b"\0", 0o644,
                                                     0),
        "tar.bad_checksum--sum": header(b"a.txt", b"0", 0o644, 0,
                                        chksum_fix=12345),
        "tar.not_canonical--gnu-mode": entry_file(
            b"a.txt", b"x", mode_field=b"0000644\0"),
        "tar.not_canonical--mode-600": entry_file(b"a.txt", b"x", 0o600),
        "tar.not_canonical--setuid": entry_file(b"a.txt", b"x", 0o4755),
        "tar.not_canonical--mtime": entry_file(b"a.txt", b"x", mtime=1),
        "tar.not_canonical--uname": entry_file(b"a.txt", b"x",
                                               uname=b"root"),
        "tar.not_canonical--gnu-magic": entry_file(
            b"a.txt", b"x", magic=b"ustar  \0"),
        "tar.not_canonical--size-field": header(
            b"a.txt", b"0", 0o644, 0, size_field=b"0000000000\0 "),
        "tar.not_canonical--base256-size": header(
            b"a.txt", b"0", 0o644, 0, size_field=b"\x80" + b"\0" * 11),
        "tar.not_canonical--odd-split": entry_file(
            b"d" * 60 + b"/" + b"e" * 30, b"x",
            prefix_override=(b"d" * 60, b"e" * 30)),
        "tar.not_canonical--bad-padding": header(b"a.txt", b"0", 0o644, 1) +
        b"x" + b"\x01" * 511,
        "tar.not_canonical--link-with-size": header(b"l", b"2", 0o777, 1,
                                                    b"a") + pad(b"x"),
        "tar.not_canonical--name-garbage": header(b"a\0junk", b"0", 0o644,
                                                  0),
    }
    # whole-archive cases
    whole = {
        "tar.truncated--no-end": ok,
        "tar.truncated--one-end-block": ok + b"\0" * 512,
        "tar.truncated--mid-data": header(b"a.txt", b"0", 0o644, 5000) +
        b"x" * 1000,
        "tar.truncated--mid-header": ok[:300],
        "tar.truncated--empty": b"",
        "tar.trailing_data--junk": ok + END + b"junk",
        "tar.trailing_data--record-padding": ok + END + b"\0" * 8192,
        "tar.not_canonical--data-after-end": ok + b"\0" * 512 +
        entry_file(b"b", b"x") + END,
    }
    os.makedirs(outdir, exist_ok=True)
    for name, blob in cases.items():
        with open(os.path.join(outdir, name + ".tar"), "wb") as f:
            f.write(blob + END)
    for name, blob in whole.items():
        with open(os.path.join(outdir, name + ".tar"), "wb") as f:
            f.write(blob)
    print(len(cases) + len(whole))


def listing(archive):
    with tarfile.open(archive, "r:") as t:
        for m in t.getmembers():
            print(json.dumps({
                "path": m.name, "type": "link" if m.issym() else
                "file" if m.isreg() else "other", "mode": "%o" % m.mode,
                "size": m.size, "link": m.linkname, "mtime": m.mtime,
                "uid": m.uid, "gid": m.gid, "uname": m.uname,
                "gname": m.gname, "pax": len(m.pax_headers)}))


if __name__ == "__main__":
    cmd = sys.argv[1]
    if cmd == "build":
        build(sys.argv[2], sys.argv[3])
    elif cmd == "hostile":
        hostile(sys.argv[2])
    elif cmd == "list":
        listing(sys.argv[2])
    else:
        sys.exit("unknown command " + cmd)
