package stateful

import "net/netip"

// Flow is the flow to judge: its client (Src) to server (Dst) direction,
// plus what the evaluator needs to know about its packets.
type Flow struct {
	Src, Dst         netip.Addr
	Proto            uint8
	SrcPort, DstPort uint16
	// TLSSNI is the SNI of the client's ClientHello and HTTPHost the Host
	// of its HTTP request; "" when unknown. Unless AppProto says otherwise,
	// a TCP flow with TLSSNI is TLS, else with HTTPHost it is HTTP, else
	// its application protocol is unknown; a UDP flow's is unknown (and
	// never TLS or HTTP).
	TLSSNI, HTTPHost string
	// AppProto is the application protocol the flow's caller declares, as
	// Suricata names it ("tls", "http", "ssh", "dns", "quic", ...; case
	// is ignored, "http1" is "http"); "" = derive it as above. It applies
	// to TCP and UDP flows only. A declaration wins over TLSSNI/HTTPHost:
	// they are then only the values of tls.sni (on a "tls" flow) and
	// http.host (on an "http" flow), unknown when not given. A name that
	// is not a protocol Suricata detects on AWS (e.g. "https", "ftp-data")
	// leaves the protocol unknown.
	AppProto string
	// Established: the flow gets past connection setup and carries data.
	// When false only the connection-establishment packets are judged
	// (TCP SYN and SYN-ACK; the first packet each way for other protocols).
	Established bool
}

// IANA protocol numbers used here.
const (
	protoICMP   = 1
	protoTCP    = 6
	protoUDP    = 17
	protoICMPv6 = 58
)

// packet is one packet of the simulated flow (see packets).
type packet struct {
	name        string
	toServer    bool
	established bool // Suricata's flow:established for this packet
	first       bool // first packet in its direction (IP-only rules, §5.6)
	payload     bool // carries payload (not a bare TCP handshake/ACK segment)
	app         bool // application-layer data: the app protocol is known from here on
	pureACK     bool // the bare ACK that ends the TCP handshake
}

// maxPackets is the longest packet sequence packets returns.
const maxPackets = 5

// packets fills seq with the packets the flow is judged on and returns how
// many. TCP: SYN, SYN-ACK (connection establishment: not established),
// then when f.Established the handshake's ACK, the client's first data
// segment (ClientHello / HTTP request: the application protocol is
// identified here, §5.5) and the server's first data segment. Other
// protocols: the first packet each way (Suricata considers a UDP flow
// established once it has seen both sides, §5.4, so the reply is
// established), then when f.Established one more each way.
func packets(f *Flow, seq *[maxPackets]packet) int {
	if f.Proto == protoTCP {
		seq[0] = packet{name: "client SYN", toServer: true, first: true}
		seq[1] = packet{name: "server SYN-ACK", first: true}
		if !f.Established {
			return 2
		}
		seq[2] = packet{name: "client handshake ACK", toServer: true, established: true, pureACK: true}
		seq[3] = packet{name: "client data", toServer: true, established: true, payload: true, app: true}
		seq[4] = packet{name: "server data", established: true, payload: true, app: true}
		return 5
	}
	seq[0] = packet{name: "client's first packet", toServer: true, first: true, payload: true, app: true}
	seq[1] = packet{name: "server's first packet", established: true, first: true, payload: true, app: true}
	if !f.Established {
		return 2
	}
	seq[2] = packet{name: "client packet on the established flow", toServer: true, established: true, payload: true, app: true}
	seq[3] = packet{name: "server packet on the established flow", established: true, payload: true, app: true}
	return 4
}
