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

    /// 6.16+ keeps a chain whose device was deleted or renamed, bound by name: the table reads
    /// back exactly as configured while nothing on that link is filtered. status must not say
    /// "matches" then (6.1 says drifted for the same event).
    @Test func aChainBoundToADeviceThatDoesNotExistIsNotMatching() {
        var status = StatusReport(live: LiveTable(expecting: Tables.edge), desired: Tables.edge, kernel: Self.recent)
        #expect(status.exitCode == 0)
        status.noteMissing(devices: ["eth1"])
        #expect(status.exitCode == 4)
        #expect(status.state == "drifted")
        #expect(
            status.differences == [
                "device \"eth1\" does not exist in this network namespace: the chains bound to \"eth1\" filter nothing until a link of that name appears"
            ])
        #expect(status.text.contains("installed, drifted from the configuration\n  device \"eth1\" does not exist"))
        #expect(status.json.contains("\"missing_devices\": [\"eth1\"]"))
        #expect(PrometheusText.render(status, top: 0).contains("port0_ruleset_drift 1"))
        // Noting it again adds nothing.
        status.noteMissing(devices: ["eth1"])
        #expect(status.differences.count == 1)
    }

    /// Before 6.16 the kernel has already unbound the device (or removed the chain): that is
    /// said once, as a loss; a renamed device is listed under its new name, so the old name is
    /// bound to nothing and is no second difference.
    @Test func aDeviceTheLiveTableNoLongerNamesIsNotReportedTwice() {
        var bothRemoved = LiveTable(expecting: Tables.edge)
        bothRemoved.chains.removeAll { $0.base != nil }
        var removed = StatusReport(live: bothRemoved, desired: Tables.edge, kernel: Self.debian12)
        let losses = removed.differences
        #expect(losses.count == 2)
        removed.noteMissing(devices: ["eth0", "eth1"])
        #expect(removed.missingDevices.isEmpty)
        #expect(removed.differences == losses)

        var renamed = LiveTable(expecting: Tables.edge)
        for index in renamed.chains.indices where renamed.chains[index].base != nil {
            renamed.chains[index].base?.devices = ["eth0", "eth1x"]
        }
        var status = StatusReport(live: renamed, desired: Tables.edge, kernel: Self.debian12)
        let mismatches = status.differences
        status.noteMissing(devices: ["eth1"])
        #expect(status.missingDevices.isEmpty)
        #expect(status.differences == mismatches)
        #expect(status.exitCode == 4)

        var notInstalled = StatusReport(live: nil, desired: Tables.edge)
        notInstalled.noteMissing(devices: ["eth0"])
        #expect(notInstalled.exitCode == 3)
        #expect(notInstalled.missingDevices.isEmpty)
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
