import Testing

@testable import Port0Core

/// Linux before 6.16 deletes a netdev base chain with its last device, and unbinds a device
/// from a chain that keeps others; status and plan must say that, not just "missing chain".
@Suite struct DeviceLossTests {
    static let debian12 = KernelVersion(release: "6.1.0-57-amd64")
    static let recent = KernelVersion(release: "6.18.44-fc-v1045")

    /// Tables.edge binds ingress and egress to eth0 and eth1.
    static var withoutIngress: LiveTable {
        var live = LiveTable(expecting: Tables.edge)
        live.chains.removeAll { $0.name == "ingress" }
        return live
    }

    @Test func chainRemovedWithItsDevicesIsSaidInWordsOnOldKernels() throws {
        let drift = Drift(live: Self.withoutIngress, desired: Tables.edge, kernel: Self.debian12)
        #expect(
            drift.differences == [
                "chain \"ingress\" was removed by the kernel because its devices \"eth0\", \"eth1\" went away: Linux before 6.16 deletes a netdev base chain (and its rules) with its last device and does not restore it when the device returns; re-apply (port0 apply) to restore it"
            ])
        #expect(
            drift.deviceLosses == [
                DeviceLoss(chain: "ingress", hook: "ingress", devices: ["eth0", "eth1"], chainRemoved: true)
            ])
    }

    @Test func onNewerOrUnknownKernelsAMissingChainIsJustMissing() {
        for kernel in [Self.recent, nil] {
            let drift = Drift(live: Self.withoutIngress, desired: Tables.edge, kernel: kernel)
            #expect(drift.differences == ["missing chain ingress"])
            #expect(drift.deviceLosses.isEmpty)
        }
    }

    @Test func oneOfTwoDevicesUnbound() {
        var live = LiveTable(expecting: Tables.edge)
        let egress = live.chains.firstIndex { $0.name == "egress" }!
        live.chains[egress].base?.devices = ["eth0"]
        let drift = Drift(live: live, desired: Tables.edge, kernel: Self.debian12)
        #expect(
            drift.differences == [
                "device \"eth1\" was unbound from chain \"egress\" by the kernel when it went away: Linux before 6.16 drops a device from a netdev chain when it is unregistered and does not bind it again when it returns; re-apply (port0 apply) to bind it again"
            ])
        // 6.16 never does this: the same listing is an ordinary devices mismatch there.
        #expect(
            Drift(live: live, desired: Tables.edge, kernel: Self.recent).differences == [
                "chain egress: devices live \"eth0\", configured \"eth0\", \"eth1\""
            ])
    }

    @Test func aDeviceThatShouldNotBeThereIsNoLoss() {
        var live = LiveTable(expecting: Tables.edge)
        live.chains[0].base?.devices = ["eth0", "eth9"]
        let drift = Drift(live: live, desired: Tables.edge, kernel: Self.debian12)
        #expect(drift.deviceLosses.isEmpty)
        #expect(drift.differences == ["chain ingress: devices live \"eth0\", \"eth9\", configured \"eth0\", \"eth1\""])
    }

    @Test func statusAndPlanCarryItInTextAndJSON() {
        let status = StatusReport(live: Self.withoutIngress, desired: Tables.edge, kernel: Self.debian12)
        #expect(status.exitCode == 4)
        #expect(status.text.contains("chain \"ingress\" was removed by the kernel because its devices"))
        #expect(
            status.json.contains(
                "\"removed_with_device\": [{\"chain\": \"ingress\", \"hook\": \"ingress\", \"devices\": [\"eth0\", \"eth1\"], \"chain_removed\": true}]"
            ))
        let plan = PlanReport(live: Self.withoutIngress, desired: Tables.edge, kernel: Self.debian12)
        #expect(plan.text.hasPrefix("# chain \"ingress\" was removed by the kernel"))
        #expect(plan.json.contains("\"chain_removed\": true"))
        let matching = StatusReport(
            live: LiveTable(expecting: Tables.edge), desired: Tables.edge, kernel: Self.debian12)
        #expect(matching.json.contains("\"removed_with_device\": []"))
    }

    @Test func hostTablesHaveNoDeviceLosses() {
        var live = LiveTable(expecting: Tables.host)
        live.chains.removeAll { $0.name == "prerouting" }
        #expect(
            Drift(live: live, desired: Tables.host, kernel: Self.debian12).differences == ["missing chain prerouting"])
    }
}

@Suite struct KernelVersionTests {
    @Test func parsesReleases() {
        #expect(KernelVersion(release: "6.1.0-57-amd64") == KernelVersion(6, 1, 0))
        #expect(KernelVersion(release: "6.18.44-fc-v1045") == KernelVersion(6, 18, 44))
        #expect(KernelVersion(release: "5.10") == KernelVersion(5, 10, 0))
        #expect(KernelVersion(release: "4.19.0-27-cloud-amd64")?.release == "4.19.0-27-cloud-amd64")
        #expect(KernelVersion(release: "") == nil)
        #expect(KernelVersion(release: "linux") == nil)
        #expect(KernelVersion(release: "6") == nil)
    }

    @Test func ordersNumericallyNotAsText() {
        #expect(KernelVersion(6, 1) < KernelVersion(6, 16))
        #expect(KernelVersion(6, 9, 12) < KernelVersion(6, 10))
        #expect(!(KernelVersion(6, 18, 44) < KernelVersion(6, 16)))
        #expect(KernelVersion.running != nil)
    }
}
