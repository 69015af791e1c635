#!/bin/sh
# crosscheck.sh SEED COUNT DIR: generate COUNT random ABI cases (abi-gen),
# encode them with one or-abi process and with one `cast abi-encode` call
# each, require byte-equal results, then decode cast's bytes with or-abi
# and require the generated values back.  Prints a summary; exit 1 on any
# difference (the first ones are shown).
set -u
seed=$1 count=$2 dir=$3
"$OR_BUILD/helpers/abi-gen" "$seed" "$count" "$dir" || exit 1
or-abi encode < "$dir/records.jsonl" > "$dir/ours.jsonl" || {
	echo "crosscheck: or-abi encode failed"; grep error "$dir/ours.jsonl" | head -n 3; exit 1; }
jq -r .data < "$dir/ours.jsonl" > "$dir/ours.hex"
sh "$dir/cast.sh" > "$dir/cast.hex" 2> "$dir/cast.err" || {
	echo "crosscheck: cast failed"; head -n 5 "$dir/cast.err"; exit 1; }
[ "$(wc -l < "$dir/cast.hex")" -eq "$count" ] || { echo "crosscheck: cast gave too few lines"; exit 1; }
if ! cmp -s "$dir/ours.hex" "$dir/cast.hex"; then
	echo "crosscheck: encodings differ from cast (seed $seed):"
	paste -d '\n' "$dir/records.jsonl" "$dir/ours.hex" "$dir/cast.hex" |
	    awk 'NR % 3 == 1 { r = $0 } NR % 3 == 2 { o = $0 }
		NR % 3 == 0 && o != $0 { print r; print "  ours: " o; print "  cast: " $0; if (++n == 3) exit }'
	exit 1
fi
# decode cast's bytes back, as return data of the same types
jq -c -n --rawfile hex "$dir/cast.hex" --slurpfile r "$dir/records.jsonl" \
    '($hex | split("\n")) as $h | range(0; $r | length) as $i |
     {output: $r[$i].sig, data: $h[$i]}' > "$dir/dec-in.jsonl"
or-abi decode < "$dir/dec-in.jsonl" | jq -c .decoded > "$dir/decoded.jsonl"
jq -c .expect < "$dir/records.jsonl" > "$dir/expect.jsonl"
if ! cmp -s "$dir/decoded.jsonl" "$dir/expect.jsonl"; then
	echo "crosscheck: decoded values differ (seed $seed):"
	diff "$dir/expect.jsonl" "$dir/decoded.jsonl" | head -n 6
	exit 1
fi
echo "crosscheck: $count cases equal to cast, decoded back"
