// Package flowsource reads flows for batch what-if runs from files: JSON
// lines, CSV and AWS VPC Flow Logs. A Reader streams: it holds one input
// line (one CSV record) at a time, so memory stays bounded whatever the
// size of the input.
//
// Every Record a Reader returns carries a *netverdictv1.Flow that passes
// apiconv.FlowFromProto; a line that does not yields an *Error naming the
// file, the line and the column or field ("flows.csv:7: column "dst_port":
// "70000" is not a port"). Such an error concerns one line only: Next may
// be called again and goes on with the next line. Any other error (an I/O
// error, a line over 16 MiB, a bad header) is final.
//
// # Formats
//
// JSON lines (FormatJSONLines): one Flow in the proto JSON mapping per line,
// read with protojson as `netverdict eval --flows` reads it. Blank lines
// and lines starting with '#' are skipped. Lines are capped at 16 MiB.
//
// CSV (FormatCSV): RFC 4180 records (encoding/csv) with a header row.
// Columns are matched by name, ignoring case, '_' and '-', so snake and
// camel spellings both work: id; src_ip or source_ip; dst_ip or
// destination_ip; src_eni or source_network_interface_id; dst_eni or
// destination_network_interface_id; protocol (tcp, udp, icmp, icmpv6 or an
// IANA number); src_port or source_port; dst_port or destination_port;
// icmp_type; icmp_code; state (NEW or ESTABLISHED, any case). An unknown
// or repeated column is an error naming it. Empty cells are absent
// fields. A row without an id gets the id "<file>:<line>". Lines starting
// with '#' are comments; a row repeating the header row (files
// concatenated) is skipped (SkipHeader).
//
// VPC Flow Logs (FormatFlowLogs): records of AWS VPC Flow Logs as
// delivered in plain text, fields separated by spaces. Without a header
// line the default format is assumed: the 14 version 2 fields
//
//	version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status
//
// (AWS VPC User Guide, "Flow log records", default format and available
// fields: https://docs.aws.amazon.com/vpc/latest/userguide/flow-log-records.html).
// FormatAuto also recognises a headerless file from its first record
// (14 fields, a version number first, ACCEPT, REJECT or - and then OK,
// NODATA or SKIPDATA last).
// A first line made of field names is a header (flow logs delivered to
// Amazon S3 start with one) and gives the field order of a custom format:
// any subset and order of the version 2 to 5 fields (vpc-id, subnet-id,
// instance-id, tcp-flags, type, pkt-srcaddr, pkt-dstaddr, region, az-id,
// sublocation-type, sublocation-id, pkt-src-aws-service,
// pkt-dst-aws-service, flow-direction, traffic-path) as long as srcaddr,
// dstaddr, protocol and action are among them; '_' may stand for '-' in
// the names. A field name of a later version (the ECS fields of version 7,
// ...) is reported as unknown. "-" in a record means the field does not
// apply or could not be computed, as AWS documents it, and is read as
// absent.
//
// How a flow log record becomes a flow: the record is replayed as a NEW
// flow from srcaddr to dstaddr with the IANA protocol number as protocol
// ("6" becomes "tcp", "17" "udp", any other number stays a number), and,
// for TCP and UDP, srcport and dstport as source and destination ports.
// The id is "<interface-id>:<start>:<line>" ("<file>:<line>" when the
// format has no interface-id). Logged is the action (ACCEPT or REJECT)
// and LogInterface the interface-id, so that a caller can compare the
// verdict with what AWS logged on that interface. srcaddr and dstaddr are
// used as logged; pkt-srcaddr and pkt-dstaddr (the packet's original
// addresses behind a NAT gateway or transit gateway interface) are not
// read.
//
// Records that are not replayed, counted by Skipped under their reason:
//   - log-status NODATA (no traffic in the aggregation interval) and
//     SKIPDATA (records AWS could not capture) — SkipNoData, SkipSkipData;
//   - ICMP and ICMPv6 records (protocol 1 and 58): flow logs carry no ICMP
//     type or code (AWS logs srcport and dstport 0 for them, see the ping
//     examples in "Flow log record examples",
//     https://docs.aws.amazon.com/vpc/latest/userguide/flow-logs-records-examples.html),
//     and the API needs icmp_type; the reader does not guess one —
//     SkipICMPWithoutType;
//   - records whose srcaddr, dstaddr and protocol are all "-" (a no-data
//     record of a custom format without log-status) — SkipNoFlowData;
//   - header lines repeated further down, as when log files from S3 are
//     concatenated — SkipHeader (a header with other fields is an error).
//
// A record whose action is not ACCEPT or REJECT, whose log-status is not
// OK, NODATA or SKIPDATA, or whose protocol or ports are not numbers in
// range is an *Error, as is one that fails FlowFromProto (a TCP or UDP
// record whose dstport is "-", an invalid address, ...).
//
// A flow log record shows the packets of one direction on one interface,
// within an aggregation interval. A connection therefore usually appears
// twice on each interface it crosses: once for the request (client port
// to service port) and once for the reply (service port to client port).
// Replaying a reply record as a NEW flow asks whether the server could
// open a connection to the client, which is a different question. The
// reader returns both kinds and leaves the choice to the caller;
// LooksLikeReply is a heuristic to spot replies (a source port below 1024
// and a destination port of 1024 or more). It is no more than that: a
// client may use a low port, and services on high ports (8080, 5432, ...)
// make their replies go unnoticed.
package flowsource
