/// VLAN tags, PPPoE sessions and MPLS label stacks around a packet, as an edge router sees them.
extension WirePacket {
    public static let vlan: UInt16 = 0x8100
    public static let qinq: UInt16 = 0x88a8

    var ethertype: [UInt8] { version == .ipv4 ? [0x08, 0x00] : [0x86, 0xdd] }

    /// Behind VLAN tags with these TPIDs, outermost first (VLAN ids 100, 101, …), outside
    /// any encapsulation the packet already has; `innerType` overrides a bare packet's type.
    public func inVLAN(_ tpids: [UInt16], innerType: [UInt8]? = nil) -> WirePacket {
        let tags = tpids.enumerated().flatMap { index, tpid in
            tpid.bigEndianBytes + (100 + UInt16(index)).bigEndianBytes
        }
        return encapsulated(tags + (encapsulation.isEmpty ? (innerType ?? ethertype) : encapsulation))
    }

    /// In a PPPoE session (session 0x1234), PPP protocol 0x0021 / 0x0057 unless given.
    public func inPPPoE(pppProtocol: UInt16? = nil, versionType: UInt8 = 0x11, length: UInt16? = nil) -> WirePacket {
        let ppp = pppProtocol ?? (version == .ipv4 ? 0x0021 : 0x0057)
        let payloadLength = length ?? UInt16(bytes.count + 2)
        return encapsulated(
            UInt16(0x8864).bigEndianBytes + [versionType, 0x00, 0x12, 0x34] + payloadLength.bigEndianBytes
                + ppp.bigEndianBytes)
    }

    /// Behind `labels` MPLS label entries (labels 1000, 1001, …, TTL 64); the last has the
    /// bottom-of-stack bit unless `bottomOfStack` is false.
    public func inMPLS(labels: Int, bottomOfStack: Bool = true) -> WirePacket {
        var stack = UInt16(0x8847).bigEndianBytes
        for index in 0..<labels {
            let bottom: UInt32 = bottomOfStack && index == labels - 1 ? 1 : 0
            stack += (UInt32(1000 + index) << 12 | bottom << 8 | 64).bigEndianBytes
        }
        return encapsulated(stack)
    }
}
