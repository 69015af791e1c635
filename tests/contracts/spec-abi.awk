# contracts.md sections 3-6: contract, kind, canonical signature, selector, mutability, indexed
/^## 3\. / { c = "ProjectRegistry" } /^## 4\. / { c = "ProjectToken" }
/^## 5\. / { c = "ProposalLedger" } /^## 6\. / { c = "VerifierRegistry" }
/^## [1278]\. / { c = "" }
/^\| (function|event|error) \|/ { kind = $2 }
c != "" && /^\| `[A-Za-z_0-9]+\(/ {
	n = split($0, col, "|")
	decl = col[2]; gsub(/^ *`|` *$/, "", decl)
	sel = col[3]; gsub(/[ `]/, "", sel)
	if (sel !~ /^0x[0-9a-f]+$/ || decl ~ /^Error\(string\)/) next
	name = decl; sub(/\(.*/, "", name)
	args = decl; sub(/^[^(]*\(/, "", args); sub(/\).*$/, "", args)
	m = split(args, a, ",")
	sig = ""; idx = ""
	for (i = 1; i <= m; i++) {
		gsub(/^ +| +$/, "", a[i]); split(a[i], w, " ")
		sig = sig (i > 1 ? "," : "") w[1]
		idx = idx (a[i] ~ / indexed / ? "1" : "0")
	}
	mut = col[4]; gsub(/ /, "", mut)
	k = length(sel) == 66 ? "event" : (mut ~ /^(view|pure|payable|nonpayable)$/ ? "function" : "error")
	if (k != "function") mut = "-"
	if (k != "event") idx = "-"
	printf "%s\t%s\t%s(%s)\t%s\t%s\t%s\n", c, k, name, sig, sel, mut, idx
}
