# Generate a corpus of transactions for the or-sign/cast equality test.
# awk -v n=COUNT -v seed=S -v json=FILE -v args=FILE: writes one JSON record
# per line to json and the matching `cast mktx` arguments (space separated,
# no blanks inside an argument) to args.
function digits(k,   s, i) {
	if (k == 0) return "0"
	s = int(1 + rand() * 9)
	for (i = 1; i < k; i++) s = s int(rand() * 10)
	return s
}
function hexbytes(k,   s, i) {
	s = ""
	for (i = 0; i < k; i++) s = s sprintf("%02x", int(rand() * 256))
	return s
}
function pick(list,   a, m) {
	m = split(list, a, " ")
	return a[int(1 + rand() * m)]
}
function int_json(v,   r) {
	# integers appear as JSON numbers, decimal strings and hex strings
	r = rand()
	if (length(v) <= 15 && r < 0.4) return v
	return "\"" v "\""
}
BEGIN {
	srand(seed)
	for (i = 0; i < n; i++) {
		t = i % 3
		chain = pick("1 10 137 8453 31337 16600 4294967295")
		nonce = pick("0 1 127 128 255 256 1024 65535 4294967296 18446744073709551614")
		gas = pick("21000 53000 100000 30000000 18446744073709551615")
		create = rand() < 0.2
		to = create ? "" : "0x" hexbytes(20)
		dl = pick("0 1 2 4 31 32 36 55 56 57 100 1000 4100")
		if (create && dl == 0) dl = 10
		data = hexbytes(dl)
		value = digits(int(rand() * 78))
		j = "{"
		if (rand() < 0.5) j = j "\"type\":" t ","
		j = j "\"chainId\":" int_json(chain) ",\"nonce\":" int_json(nonce) ",\"gasLimit\":" int_json(gas)
		a = "--chain " chain " --nonce " nonce " --gas-limit " gas " --value " value
		if (t == 2) {
			maxd = int(1 + rand() * 38)
			maxfee = digits(maxd)
			prio = digits(int(rand() * maxd))
			j = j ",\"maxFeePerGas\":\"" maxfee "\",\"maxPriorityFeePerGas\":\"" prio "\""
			a = a " --gas-price " maxfee " --priority-gas-price " prio
		} else {
			gp = digits(int(rand() * 39))
			j = j ",\"gasPrice\":\"" gp "\""
			a = a " --gas-price " gp " --legacy"
		}
		if (!create) j = j ",\"to\":\"" to "\""
		j = j ",\"value\":\"" value "\""
		if (dl > 0 || rand() < 0.5) j = j ",\"data\":\"0x" data "\""
		if (t == 1 || (t == 2 && rand() < 0.5)) {
			al = "["
			ne = int(rand() * 4)
			for (e = 0; e < ne; e++) {
				al = al (e ? "," : "") "{\"address\":\"0x" hexbytes(20) "\",\"storageKeys\":["
				nk = int(rand() * 3)
				for (k = 0; k < nk; k++) al = al (k ? "," : "") "\"0x" hexbytes(32) "\""
				al = al "]}"
			}
			al = al "]"
			j = j ",\"accessList\":" al
			a = a " --access-list " al
		}
		j = j "}"
		if (create) a = a " --create 0x" data
		else if (dl > 0) a = a " " to " 0x" data
		else a = a " " to
		print j > json
		print a > args
	}
}
