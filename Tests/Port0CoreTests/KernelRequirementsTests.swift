import Port0TestSupport
import Testing

@testable import Port0Core

/// An old kernel gets one line naming the feature and the Linux version it needs, before
/// anything is sent.
@Suite struct KernelRequirementsTests {
    @Test func edgeWithEgressNeeds516() throws {
        #expect(Tables.edge.kernelRequirements.first == .egressHook)
        let kernel = try #require(KernelVersion(release: "5.10.0-28-amd64"))
        #expect(
            throws: Port0Error.system(
                context: "--egress",
                reason: "the netdev egress hook needs Linux 5.16 or later; this kernel is 5.10.0-28-amd64")
        ) {
            try Tables.edge.requireFeatures(of: kernel)
        }
        try Tables.edge.requireFeatures(of: KernelVersion(5, 16))
        try Tables.edge.requireFeatures(of: KernelVersion(release: "6.1.0-57-amd64"))
    }

    @Test func everyTableNeedsTheTableComment() throws {
        #expect(Tables.host.kernelRequirements.first == .tableComment)
        #expect(throws: Port0Error.self) { try Tables.host.requireFeatures(of: KernelVersion(5, 12, 19)) }
        try Tables.host.requireFeatures(of: KernelVersion(5, 13))
        let message = KernelRequirement.tableComment.refusal(on: KernelVersion(release: "5.10.0-28-amd64")!).description
        #expect(
            message
                == "port0's table: its comment, which marks it as port0's (NFTA_TABLE_USERDATA), needs Linux 5.13 or later; this kernel is 5.10.0-28-amd64"
        )
    }

    @Test func listsWhatTheTableUses() {
        let edge = Tables.edge.kernelRequirements
        #expect(edge.contains(.multiDevice) && edge.contains(.namedCounters) && edge.contains(.netdevFamily))
        #expect(!edge.contains(.netdevReject))
        let ingressOnly = try! Table.built(.edge) {
            $0.action = .reject
            $0.counters = false
        }
        let needs = ingressOnly.kernelRequirements
        #expect(needs.contains(.netdevReject) && !needs.contains(.multiDevice) && !needs.contains(.egressHook))
        #expect(!needs.contains(.namedCounters))
        #expect(needs.map(\.since) == needs.map(\.since).sorted(by: >))
    }

    @Test func anUnknownKernelIsNotRefused() throws {
        try Tables.edge.requireFeatures(of: nil)
    }

    @Test func ownTableNeedsPersistFrom69() throws {
        var owned = Tables.host
        owned.flags = LiveTable.guardOwnership
        #expect(owned.kernelRequirements.first == .tableOwnership)
        #expect(!Tables.host.kernelRequirements.contains(.tableOwnership))
        let debian = try #require(KernelVersion(release: "6.1.0-57-amd64"))
        #expect(
            throws: Port0Error.system(
                context: "--own-table",
                reason:
                    "a table that outlives its owning process (NFT_TABLE_F_PERSIST) needs Linux 6.9 or later; this kernel is 6.1.0-57-amd64"
            )
        ) {
            try owned.requireFeatures(of: debian)
        }
        try owned.requireFeatures(of: KernelVersion(6, 9))
        try owned.requireFeatures(of: KernelVersion(release: "6.18.44-fc-v1045"))
    }
}
