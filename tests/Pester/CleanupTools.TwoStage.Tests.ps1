#Requires -Version 7.4
# Two-stage cleanup (Invoke-JobCleanup -Quarantine, Restore-CleanupBackup) and policy files (Export-RetentionPolicy,
# Import-RetentionPolicy), each against a fresh demo store written by `cleanuptools demo`.
# Run on a host with PowerShell 7.4+ and Pester 5. Every state-changing call passes -Force, -Confirm:$false or
# -WhatIf: a High-impact cmdlet would otherwise wait for an answer that never comes.

param([string] $Configuration = 'Release')

BeforeAll {
    . (Join-Path $PSScriptRoot 'CleanupTools.TestHelpers.ps1')
    $savedEnvironment = Clear-CleanupEnvironment
    Import-Module -Name (Get-ManifestPath) -Force -ErrorAction Stop

    # The results folder of a job: present until a cleanup deletes or quarantines it.
    function Get-ResultsPath {
        param([string] $Path, [string] $JobId)
        Join-Path (Join-Path $Path 'results') $JobId
    }
}

AfterAll {
    Restore-CleanupEnvironment -Saved $savedEnvironment
}

Describe 'Two-stage cleanup' {
    BeforeEach {
        $demo = New-DemoStore -Path (New-DemoPath -Name 'quarantine') -Configuration $Configuration
        $target = Get-CleanupCandidate -BasePath $demo.Path |
            Where-Object { $_.Status -eq 'Completed' -and (Test-Path -LiteralPath (Get-ResultsPath -Path $demo.Path -JobId $_.JobId)) } |
            Select-Object -First 1
        $resultsPath = Get-ResultsPath -Path $demo.Path -JobId $target.JobId
        $filesBefore = @(Get-ChildItem -LiteralPath $resultsPath -Recurse -File -Force | ForEach-Object {
                '{0} {1}' -f [IO.Path]::GetRelativePath($resultsPath, $_.FullName), (Get-FileHash -LiteralPath $_.FullName -Algorithm SHA256).Hash
            } | Sort-Object -CaseSensitive)
    }

    It 'Invoke-JobCleanup -Quarantine moves the job''s data into the backup root' {
        $target | Should -Not -BeNullOrEmpty
        $result = @(Invoke-JobCleanup -BasePath $demo.Path -JobId $target.JobId -Quarantine -Force)
        $result | Should -HaveCount 1
        $result[0].Outcome | Should -Be 'Quarantined'
        $result[0].Target | Should -Be $target.JobId
        Test-Path -LiteralPath $resultsPath | Should -BeFalse
        $backupRoot = Join-Path $demo.Path 'cleanup_backups'
        Test-Path -LiteralPath $backupRoot | Should -BeTrue
        @(Get-ChildItem -LiteralPath $backupRoot -Recurse -File -Force) | Should -Not -BeNullOrEmpty
        Get-CleanupCandidate -BasePath $demo.Path | Where-Object JobId -eq $target.JobId | Should -BeNullOrEmpty
    }

    It 'Restore-CleanupBackup -JobId brings the files back and Get-CleanupCandidate shows the job again' {
        $null = Invoke-JobCleanup -BasePath $demo.Path -JobId $target.JobId -Quarantine -Force
        $restored = @(Restore-CleanupBackup -BasePath $demo.Path -JobId $target.JobId -WarningVariable warnings -WarningAction SilentlyContinue)

        $restored | Should -Not -BeNullOrEmpty
        $restored[0].PSObject.TypeNames[0] | Should -Be 'CleanupTools.CleanupAuditEntry'
        $restored.JobId | Sort-Object -Unique | Should -Be $target.JobId
        $restored.Action | Sort-Object -Unique | Should -Be 'Restore'
        $restored.Outcome | Sort-Object -Unique | Should -Be 'Restored'

        $filesAfter = @(Get-ChildItem -LiteralPath $resultsPath -Recurse -File -Force | ForEach-Object {
                '{0} {1}' -f [IO.Path]::GetRelativePath($resultsPath, $_.FullName), (Get-FileHash -LiteralPath $_.FullName -Algorithm SHA256).Hash
            } | Sort-Object -CaseSensitive)
        $filesAfter | Should -Be $filesBefore

        # The cleaned mark is cleared: the job is a candidate again, and the warning says the next run may clean it.
        (Get-CleanupCandidate -BasePath $demo.Path | Where-Object JobId -eq $target.JobId).Action | Should -Be 'DeleteData'
        $warnings | Where-Object { $_ -like "*$($target.JobId)*Add-CleanupHold*" } | Should -Not -BeNullOrEmpty

        # Each restored entry is an audit row too.
        @(Get-CleanupHistory -BasePath $demo.Path -JobId $target.JobId -Outcome Restored) | Should -HaveCount $restored.Count
    }

    It 'Restore-CleanupBackup -WhatIf changes nothing' {
        $null = Invoke-JobCleanup -BasePath $demo.Path -JobId $target.JobId -Quarantine -Force
        $before = Get-StoreSnapshot -Path $demo.Path
        Restore-CleanupBackup -BasePath $demo.Path -JobId $target.JobId -WhatIf | Should -BeNullOrEmpty
        Get-StoreSnapshot -Path $demo.Path | Should -Be $before
        Test-Path -LiteralPath $resultsPath | Should -BeFalse
        Get-CleanupCandidate -BasePath $demo.Path | Where-Object JobId -eq $target.JobId | Should -BeNullOrEmpty
    }

    It 'Restore-CleanupBackup reports a job without a backup as BackupNotFound' {
        Restore-CleanupBackup -BasePath $demo.Path -JobId 'no-such-job' -ErrorAction SilentlyContinue -ErrorVariable failures |
            Should -BeNullOrEmpty
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'BackupNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
    }
}

Describe 'Policy files' {
    BeforeEach {
        $demo = New-DemoStore -Path (New-DemoPath -Name 'policyfile') -Configuration $Configuration
        $file = Join-Path $TestDrive ('policies-{0}.yaml' -f [guid]::NewGuid().ToString('N').Substring(0, 8))
    }

    It 'Export-RetentionPolicy | Set-Content, then Import-RetentionPolicy -Path, round-trips the policies' {
        Set-RetentionPolicy -BasePath $demo.Path -Name failed_jobs -RetentionHours 48
        Set-RetentionPolicy -BasePath $demo.Path -Name failed_logs -Component Logs -Status Failed -RetentionDays 30 -Description 'Pester: logs'
        $exported = Export-RetentionPolicy -BasePath $demo.Path
        $exported | Set-Content -LiteralPath $file

        $fresh = New-DemoStore -Path (New-DemoPath -Name 'policyfile-fresh') -Configuration $Configuration
        $imported = @(Import-RetentionPolicy -BasePath $fresh.Path -Path $file -PassThru)
        $imported | Should -Not -BeNullOrEmpty

        $policy = Get-RetentionPolicy -BasePath $fresh.Path -Name failed_jobs
        $policy.RetentionHours | Should -Be 48
        $logs = Get-RetentionPolicy -BasePath $fresh.Path -Name failed_logs
        $logs.RetentionDays | Should -Be 30
        $logs.Description | Should -Be 'Pester: logs'

        # Export, import into a fresh store, export again: the same text.
        (Export-RetentionPolicy -BasePath $fresh.Path) -join "`n" | Should -Be ($exported -join "`n")
    }

    It 'Import-RetentionPolicy -WhatIf stores nothing' {
        Set-RetentionPolicy -BasePath $demo.Path -Name failed_jobs -RetentionHours 48
        Export-RetentionPolicy -BasePath $demo.Path | Set-Content -LiteralPath $file

        $fresh = New-DemoStore -Path (New-DemoPath -Name 'policyfile-whatif') -Configuration $Configuration
        $before = Get-StoreSnapshot -Path $fresh.Path
        Import-RetentionPolicy -BasePath $fresh.Path -Path $file -WhatIf -PassThru | Should -BeNullOrEmpty
        Get-StoreSnapshot -Path $fresh.Path | Should -Be $before
        (Get-RetentionPolicy -BasePath $fresh.Path -Name failed_jobs).RetentionHours | Should -Be 12
    }
}

Describe 'Restore-CleanupBackup parameter sets' {
    It 'cannot be called without naming what to restore' {
        $command = Get-Command -Name Restore-CleanupBackup
        @($command.ParameterSets.Name | Sort-Object) | Should -Be @('Job', 'Path', 'Run')
        foreach ($set in $command.ParameterSets) {
            @($set.Parameters | Where-Object { $_.IsMandatory -and $_.Name -in 'RunId', 'JobId', 'Path' }).Count | Should -Be 1 -Because "the $($set.Name) set needs exactly one of them"
        }
        $demo = New-DemoStore -Path (New-DemoPath -Name 'restore-sets') -Configuration $Configuration
        # Non-interactive: the missing mandatory parameter is an error before anything is opened or read.
        $output = & (Get-PwshPath) -NoProfile -NonInteractive -Command "Import-Module '$(Get-ManifestPath)'; Restore-CleanupBackup -BasePath '$($demo.Path)' -WhatIf" 2>&1
        $LASTEXITCODE | Should -Not -Be 0
        "$output" | Should -BeLike '*missing mandatory parameters*'
    }

    It 'takes -RunId alone, -RunId with -JobId, -JobId alone, and a piped history entry of a job' {
        $demo = New-DemoStore -Path (New-DemoPath -Name 'restore-run') -Configuration $Configuration
        $run = Invoke-JobCleanup -BasePath $demo.Path -Quarantine -Force -Summary -WarningAction SilentlyContinue | Select-Object -Last 1
        ($run.SuccessfulJobsProcessed + $run.FailedJobsProcessed) | Should -BeGreaterThan 1
        $all = @(Restore-CleanupBackup -BasePath $demo.Path -RunId $run.RunId -WhatIf -ErrorVariable failed)
        $failed | Should -BeNullOrEmpty
        $first = Get-CleanupHistory -BasePath $demo.Path -RunId $run.RunId | Where-Object JobId | Select-Object -Last 1
        $null = Restore-CleanupBackup -BasePath $demo.Path -RunId $run.RunId -JobId $first.JobId -WhatIf -ErrorVariable failedBoth
        $failedBoth | Should -BeNullOrEmpty
        $entry = Get-CleanupHistory -BasePath $demo.Path -RunId $run.RunId | Where-Object JobId | Select-Object -First 1
        $one = @($entry | Restore-CleanupBackup -BasePath $demo.Path -Confirm:$false -ErrorVariable failedOne)
        $failedOne | Should -BeNullOrEmpty
        $one.JobId | Sort-Object -Unique | Should -Be $entry.JobId
        # Only that job came back: the run's other jobs are still in the backup.
        $other = Get-CleanupHistory -BasePath $demo.Path -RunId $run.RunId | Where-Object { $_.JobId -and $_.JobId -ne $entry.JobId } | Select-Object -First 1
        Test-Path -LiteralPath (Join-Path $demo.Path "results/$($other.JobId)") | Should -BeFalse
        $byJob = @(Restore-CleanupBackup -BasePath $demo.Path -JobId $other.JobId -Confirm:$false)
        $byJob.JobId | Sort-Object -Unique | Should -Be $other.JobId
        Test-Path -LiteralPath (Join-Path $demo.Path "results/$($entry.JobId)") | Should -BeTrue
    }
}
