#Requires -Version 7.4
# What the cmdlets hold (the store's connection, the run lock) is released however their pipeline ends: after the last
# record, after a terminating error upstream or downstream, and after a stop. Connection pooling is off, so an open
# connection is an open file descriptor on jobs.db in /proc/<pid>/fd.

param([string] $Configuration = 'Release')

BeforeAll {
    . (Join-Path $PSScriptRoot 'CleanupTools.TestHelpers.ps1')
    $savedEnvironment = Clear-CleanupEnvironment
    Import-Module -Name (Get-ManifestPath) -Force -ErrorAction Stop

    # Descriptors this process holds on files of the store (jobs.db and its journal).
    function Get-OpenStoreHandle {
        param([string] $Path)
        $database = Join-Path $Path 'jobs.db'
        @(foreach ($fd in [IO.Directory]::GetFileSystemEntries("/proc/$PID/fd")) {
                $target = [IO.FileInfo]::new($fd).LinkTarget
                if ($target -and $target.StartsWith($database, [StringComparison]::Ordinal)) { $target }
            })
    }

    # Ids that arrive one by one, then a terminating error before the pipeline can end normally.
    function Send-IdsThenFail {
        param([string[]] $Id)
        foreach ($one in $Id) { [pscustomobject]@{ JobId = $one } }
        throw 'upstream failure'
    }
}

AfterAll {
    Restore-CleanupEnvironment -Saved $savedEnvironment
}

Describe 'Releasing the store' {
    BeforeEach {
        $demo = New-DemoStore -Path (New-DemoPath -Name 'release') -Configuration $Configuration
        $ids = @(Get-CleanupCandidate -BasePath $demo.Path -WarningAction SilentlyContinue | Select-Object -First 2 | ForEach-Object JobId)
        Get-OpenStoreHandle -Path $demo.Path | Should -BeNullOrEmpty
    }

    It '<Name> closes the store when a terminating error ends its pipeline' -ForEach @(
        @{ Name = 'Add-CleanupHold'; Arguments = "-Reason kept" }
        @{ Name = 'Invoke-JobCleanup'; Arguments = "-Force" }
        @{ Name = 'Restore-CleanupBackup'; Arguments = "-ErrorAction SilentlyContinue" }
        @{ Name = 'Get-CleanupCandidate'; Arguments = "" }
    ) {
        # The cmdlet is in the same pipeline as the failing producer: it has begun, taken records, and never ends.
        $pipeline = [scriptblock]::Create("Send-IdsThenFail -Id `$ids | $Name -BasePath `$demo.Path $Arguments -WarningAction SilentlyContinue")
        { & $pipeline } | Should -Throw 'upstream failure'
        Get-OpenStoreHandle -Path $demo.Path | Should -BeNullOrEmpty
    }

    It 'Remove-CleanupHold closes the store when a terminating error ends its pipeline' {
        $holds = @($ids | ForEach-Object { Add-CleanupHold -BasePath $demo.Path -JobId $_ -Reason 'kept' -WarningAction SilentlyContinue })
        function Send-HoldsThenFail { param($Hold) $Hold; throw 'upstream failure' }
        { Send-HoldsThenFail -Hold $holds | Remove-CleanupHold -BasePath $demo.Path -Force } | Should -Throw 'upstream failure'
        Get-OpenStoreHandle -Path $demo.Path | Should -BeNullOrEmpty
    }

    It 'Invoke-JobCleanup releases the store and its run lock when the pipeline is stopped' {
        $ps = [powershell]::Create()
        try {
            $null = $ps.AddScript("Import-Module -Name '$(Get-ManifestPath)'").AddStatement()
            # Input that never ends keeps the cmdlet in its pipeline, holding the store and the lock, until the stop.
            $null = $ps.AddScript({
                    param($Store, $Id)
                    & { [pscustomobject]@{ JobId = $Id }; while ($true) { Start-Sleep -Milliseconds 50 } } |
                        Invoke-JobCleanup -BasePath $Store -Force -WarningAction SilentlyContinue
                }.ToString()).AddArgument($demo.Path).AddArgument($ids[0])
            $async = $ps.BeginInvoke()
            $deadline = [DateTime]::UtcNow.AddSeconds(20)
            while ((Get-OpenStoreHandle -Path $demo.Path).Count -eq 0 -and [DateTime]::UtcNow -lt $deadline) { Start-Sleep -Milliseconds 50 }
            (Get-OpenStoreHandle -Path $demo.Path).Count | Should -BeGreaterThan 0
            $ps.Stop()
            try { $null = $ps.EndInvoke($async) } catch { $null = $_ }
            $ps.InvocationStateInfo.State | Should -Be 'Stopped'
        }
        finally { $ps.Dispose() }
        Get-OpenStoreHandle -Path $demo.Path | Should -BeNullOrEmpty
        # The lock went with it: a run right after takes it without waiting.
        $next = @(Invoke-JobCleanup -BasePath $demo.Path -Force -LockTimeout 0 -WarningAction SilentlyContinue)
        $next.Count | Should -BeGreaterThan 0
    }
}
