#Requires -Version 7.4
# Each cmdlet against a demo store written by `cleanuptools demo --path $TestDrive/...` (a real SQLite store with
# jobs of every status and age around the retention boundaries). Run on a host with PowerShell 7.4+ and Pester 5.

param([string] $Configuration = 'Release')

BeforeAll {
    . (Join-Path $PSScriptRoot 'CleanupTools.TestHelpers.ps1')
    $savedEnvironment = Clear-CleanupEnvironment
    Import-Module -Name (Get-ManifestPath) -Force -ErrorAction Stop
}

AfterAll {
    Restore-CleanupEnvironment -Saved $savedEnvironment
}

Describe 'Get-CleanupCandidate' {
    BeforeAll {
        $demo = New-DemoStore -Path (Join-Path $TestDrive 'candidates') -Configuration $Configuration
        $snapshotBefore = Get-StoreSnapshot -Path $demo.Path
        $all = @(Get-CleanupCandidate -BasePath $demo.Path -IncludeKept)
        $eligible = @(Get-CleanupCandidate -BasePath $demo.Path)
    }

    It 'emits one CleanupCandidate per job with -IncludeKept' {
        $all | Should -HaveCount $demo.Jobs
        $all | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'CleanupTools.CleanupCandidate' }
        ($all.JobId | Sort-Object -Unique) | Should -HaveCount $demo.Jobs
    }

    It 'emits only the jobs to clean by default, with their paths and size' {
        $eligible.Count | Should -BeGreaterThan 0
        $eligible.Count | Should -BeLessThan $demo.Jobs
        $eligible.Action | Should -Not -Contain 'Keep'
        foreach ($candidate in $eligible) {
            $candidate.Status | Should -BeIn 'Completed', 'Failed'
            $candidate.Reason | Should -Not -BeNullOrEmpty
            $candidate.Paths.Count | Should -BeGreaterThan 0
            $candidate.SizeBytes | Should -BeGreaterThan 0
            # Paths lists every place the job may own (temp/<id> need not exist); at least its data does.
            @($candidate.Paths | Where-Object { Test-Path -LiteralPath $_ }).Count | Should -BeGreaterThan 0
            $candidate.Paths | ForEach-Object { [IO.Path]::IsPathRooted($_) | Should -BeTrue }
        }
        ($eligible | Where-Object Status -eq 'Completed').Action | Sort-Object -Unique | Should -Be 'DeleteData'
        ($eligible | Where-Object Status -eq 'Failed').Action | Sort-Object -Unique | Should -Be 'DeleteAll'
    }

    It 'lists every candidate''s Target through member enumeration: (Get-CleanupCandidate).Target' {
        # A property named Item would fail here: on an array, .Item is the array's own IList.Item, not each value.
        $targets = (Get-CleanupCandidate -BasePath $demo.Path -IncludeKept).Target
        @($targets) | Should -HaveCount $demo.Jobs
        $targets | ForEach-Object { $_ | Should -BeOfType ([string]) }
        ($targets | Sort-Object) | Should -Be ($all.JobId | Sort-Object)
        $all[0].PSObject.Properties.Name | Should -Not -Contain 'Item'
    }

    It 'keeps running, pending and unknown jobs' {
        $active = @($all | Where-Object Status -In 'Running', 'Pending', 'Unknown')
        $active.Count | Should -BeGreaterThan 0
        $active.Action | Sort-Object -Unique | Should -Be 'Keep'
    }

    It 'filters by status' {
        $failed = @(Get-CleanupCandidate -BasePath $demo.Path -Status Failed)
        $failed.Count | Should -Be @($eligible | Where-Object Status -eq 'Failed').Count
        $failed.Status | Sort-Object -Unique | Should -Be 'Failed'
    }

    It 'filters by age' {
        $old = @(Get-CleanupCandidate -BasePath $demo.Path -OlderThan (New-TimeSpan -Days 30))
        $old.Count | Should -BeGreaterThan 0
        $old.Count | Should -BeLessThan $eligible.Count
        $old | ForEach-Object { $_.Age.TotalDays | Should -BeGreaterOrEqual 30 }
    }

    It 'filters by job id wildcard, positionally and by property name' {
        $target = $eligible[0].JobId
        (Get-CleanupCandidate -BasePath $demo.Path -JobId ($target.Substring(0, $target.Length - 1) + '?')).JobId | Should -Be $target
        (Get-CleanupCandidate $target -BasePath $demo.Path).JobId | Should -Be $target
        ([pscustomobject]@{ JobId = $target } | Get-CleanupCandidate -BasePath $demo.Path).JobId | Should -Be $target
    }

    It 'uses a -SuccessRetention override for this call only' {
        $longer = @(Get-CleanupCandidate -BasePath $demo.Path -Status Completed -SuccessRetention (New-TimeSpan -Days 365))
        $longer.Count | Should -BeLessThan @($eligible | Where-Object Status -eq 'Completed').Count
        @(Get-CleanupCandidate -BasePath $demo.Path -Status Completed).Count | Should -Be @($eligible | Where-Object Status -eq 'Completed').Count
    }

    It 'changes nothing' {
        Get-StoreSnapshot -Path $demo.Path | Should -Be $snapshotBefore
    }

    It 'stops with one terminating error when the store does not exist' {
        { Get-CleanupCandidate -BasePath $demo.Path -Store (Join-Path $TestDrive 'nowhere/jobs.db') } |
            Should -Throw -ErrorId 'InvalidCleanupConfiguration,*'
    }
}

Describe 'Get-RetentionPolicy' {
    BeforeAll {
        $demo = New-DemoStore -Path (Join-Path $TestDrive 'policies') -Configuration $Configuration
    }

    AfterEach {
        Restore-CleanupEnvironment -Saved @{}
    }

    It 'returns the default policies: the two job statuses and reference 001''s six data types' {
        $policies = @(Get-RetentionPolicy -BasePath $demo.Path)
        ($policies.Name | Sort-Object) | Should -Be @('completed_operations', 'dbt_logs', 'failed_jobs', 'failed_operations',
            'pipeline_operations', 'successful_jobs', 'system_logs', 'temp_files')
        $policies.Source | Sort-Object -Unique | Should -Be 'Default'
        $policies[0].PSObject.TypeNames[0] | Should -Be 'CleanupTools.RetentionPolicy'
        $successful = $policies | Where-Object Name -eq 'successful_jobs'
        $successful.RetentionHours | Should -Be 168
        $successful.Target | Should -Be 'Completed'
        $successful.Action | Should -Be 'DeleteData'
        $successful.Source | Should -Be 'Default'
        $failed = $policies | Where-Object Name -eq 'failed_jobs'
        $failed.RetentionHours | Should -Be 12
        $failed.Action | Should -Be 'DeleteAll'
        $failed.Source | Should -Be 'Default'
    }

    It 'selects by -Name, and reports each unknown name as ObjectNotFound while returning the others' {
        (Get-RetentionPolicy -BasePath $demo.Path -Name FAILED_JOBS).Name | Should -Be 'failed_jobs'
        $found = @(Get-RetentionPolicy -BasePath $demo.Path -Name successful_jobs, nope, failed_jobs -ErrorAction SilentlyContinue -ErrorVariable missing)
        $found.Name | Should -Be @('successful_jobs', 'failed_jobs')
        $missing | Should -HaveCount 1
        $missing[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $missing[0].FullyQualifiedErrorId | Should -Be 'PolicyNotFound,CleanupTools.PowerShell.Cmdlets.GetRetentionPolicyCommand'
        $missing[0].TargetObject | Should -Be 'nope'
        # Non-terminating: -ErrorAction Stop is what makes it end the pipeline.
        { Get-RetentionPolicy -BasePath $demo.Path -Name nope -ErrorAction Stop } | Should -Throw -ErrorId 'PolicyNotFound,*'
        # A name no policy could have is refused by the parameter itself.
        { Get-RetentionPolicy -BasePath $demo.Path -Name 'no such name!' } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }

    It 'applies parameter > environment > default, CLEANUPTOOLS_* before EEMT_*' {
        $env:EEMT_FAILED_RETENTION_HOURS = '36'
        $policy = Get-RetentionPolicy -BasePath $demo.Path -Name failed_jobs
        $policy.Source | Should -Be 'Environment'
        $policy.RetentionHours | Should -Be 36

        $env:CLEANUPTOOLS_FAILED_RETENTION_HOURS = '48'
        (Get-RetentionPolicy -BasePath $demo.Path -Name failed_jobs).RetentionHours | Should -Be 48

        $policy = Get-RetentionPolicy -BasePath $demo.Path -Name failed_jobs -FailedRetention (New-TimeSpan -Hours 5)
        $policy.Source | Should -Be 'Parameter'
        $policy.RetentionHours | Should -Be 5
    }

    It 'refuses disagreeing hour and day variables' {
        $env:EEMT_SUCCESS_RETENTION_HOURS = '24'
        $env:EEMT_SUCCESS_RETENTION_DAYS = '7'
        { Get-RetentionPolicy -BasePath $demo.Path } | Should -Throw -ErrorId 'InvalidCleanupConfiguration,*'
    }
}

Describe 'Set-RetentionPolicy' {
    BeforeEach {
        $demo = New-DemoStore -Path (New-DemoPath -Name 'set-policy') -Configuration $Configuration
    }

    AfterEach {
        Restore-CleanupEnvironment -Saved @{}
    }

    It '-WhatIf writes nothing and emits nothing' {
        $before = Get-StoreSnapshot -Path $demo.Path
        $output = Set-RetentionPolicy -BasePath $demo.Path -Name failed_jobs -RetentionHours 24 -WhatIf -PassThru
        $output | Should -BeNullOrEmpty
        Get-StoreSnapshot -Path $demo.Path | Should -Be $before
        $policy = Get-RetentionPolicy -BasePath $demo.Path -Name failed_jobs
        $policy.Source | Should -Be 'Default'
        $policy.RetentionHours | Should -Be 12
    }

    It '-PassThru stores the change and emits the policy as it now resolves' {
        $databaseBefore = Get-DatabaseHash -Path $demo.Path
        $policy = Set-RetentionPolicy -BasePath $demo.Path -Name failed_jobs -RetentionHours 24 -Description 'two days' -PassThru
        $policy.PSObject.TypeNames[0] | Should -Be 'CleanupTools.RetentionPolicy'
        $policy.RetentionHours | Should -Be 24
        $policy.Source | Should -Be 'Stored'
        $policy.Description | Should -Be 'two days'
        $policy.UpdatedBy | Should -Not -BeNullOrEmpty
        $policy.UpdatedAt | Should -Not -BeNullOrEmpty
        Get-DatabaseHash -Path $demo.Path | Should -Not -Be $databaseBefore
        (Get-RetentionPolicy -BasePath $demo.Path -Name failed_jobs).RetentionHours | Should -Be 24
    }

    It 'emits nothing without -PassThru and accepts days' {
        Set-RetentionPolicy -BasePath $demo.Path -Name successful_jobs -RetentionDays 3 | Should -BeNullOrEmpty
        (Get-RetentionPolicy -BasePath $demo.Path -Name successful_jobs).RetentionHours | Should -Be 72
    }

    It 'warns when the environment still overrides the stored value' {
        $env:CLEANUPTOOLS_FAILED_RETENTION_HOURS = '36'
        $policy = Set-RetentionPolicy -BasePath $demo.Path -Name failed_jobs -RetentionHours 24 -PassThru -WarningVariable warnings -WarningAction SilentlyContinue
        $override = @($warnings | Where-Object { "$_" -like '*environment*' })
        $override | Should -HaveCount 1
        "$($override[0])" | Should -BeLike '*still takes precedence*'
        $policy.Source | Should -Be 'Environment'
        $policy.RetentionHours | Should -Be 36
    }

    It 'takes a policy from the pipeline and disables it' {
        Get-RetentionPolicy -BasePath $demo.Path -Name successful_jobs | Set-RetentionPolicy -BasePath $demo.Path -Enabled $false
        (Get-RetentionPolicy -BasePath $demo.Path -Name successful_jobs).Enabled | Should -BeFalse
        Get-CleanupCandidate -BasePath $demo.Path -Status Completed | Should -BeNullOrEmpty
        (Get-CleanupCandidate -BasePath $demo.Path -Status Completed -IncludeKept).Reason | Should -Contain 'policy successful_jobs is disabled'
    }

    It 'rejects a change of nothing' {
        { Set-RetentionPolicy -BasePath $demo.Path -Name failed_jobs } | Should -Throw -ErrorId 'InvalidCleanupConfiguration,*'
    }
}

Describe 'Invoke-JobCleanup' {
    BeforeEach {
        $demo = New-DemoStore -Path (New-DemoPath -Name 'cleanup') -Configuration $Configuration
        $candidates = @(Get-CleanupCandidate -BasePath $demo.Path)
        $filesBefore = @(Get-StoredFile -Path $demo.Path)
    }

    AfterEach {
        Restore-CleanupEnvironment -Saved @{}
    }

    It '-WhatIf changes nothing, even with -Force' {
        $before = Get-StoreSnapshot -Path $demo.Path
        Invoke-JobCleanup -BasePath $demo.Path -WhatIf | Should -BeNullOrEmpty
        Invoke-JobCleanup -BasePath $demo.Path -WhatIf -Force | Should -BeNullOrEmpty
        $candidates | Invoke-JobCleanup -BasePath $demo.Path -WhatIf -Force | Should -BeNullOrEmpty
        Get-StoreSnapshot -Path $demo.Path | Should -Be $before
    }

    It '-WhatIf -Summary counts every candidate as declined' {
        $summary = Invoke-JobCleanup -BasePath $demo.Path -WhatIf -Summary
        $summary.PSObject.TypeNames[0] | Should -Be 'CleanupTools.CleanupRunSummary'
        $summary.JobsDeclined | Should -Be $candidates.Count
        $summary.TotalBytesFreed | Should -Be 0
    }

    It '-DryRun reports WouldDelete for every candidate and changes nothing' {
        $before = Get-StoreSnapshot -Path $demo.Path
        $results = @(Invoke-JobCleanup -BasePath $demo.Path -DryRun)
        ($results.JobId | Sort-Object) | Should -Be ($candidates.JobId | Sort-Object)
        $results.Outcome | Sort-Object -Unique | Should -Be 'WouldDelete'
        ($results | Measure-Object BytesFreed -Sum).Sum | Should -Be ($candidates | Measure-Object SizeBytes -Sum).Sum
        Get-StoreSnapshot -Path $demo.Path | Should -Be $before
    }

    It 'Get-CleanupCandidate | Invoke-JobCleanup -Force removes exactly the candidates'' paths' {
        $results = @($candidates | Invoke-JobCleanup -BasePath $demo.Path -Force)

        $results | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'CleanupTools.CleanupResult' }
        ($results.JobId | Sort-Object) | Should -Be ($candidates.JobId | Sort-Object)
        $results.Outcome | Sort-Object -Unique | Should -Be 'Deleted'
        $results.DataDeleted | Sort-Object -Unique | Should -BeTrue
        ($results | Measure-Object BytesFreed -Sum).Sum | Should -Be ($candidates | Measure-Object SizeBytes -Sum).Sum

        $targets = @($candidates.Paths)
        foreach ($path in $targets) { Test-Path -LiteralPath $path | Should -BeFalse }
        $expected = @($filesBefore | Where-Object { -not (Test-Below -File $_ -Target $targets) })
        $expected.Count | Should -BeLessThan $filesBefore.Count
        @(Get-StoredFile -Path $demo.Path) | Should -Be $expected

        # Recorded in the store: the same jobs are no longer candidates, and say why.
        Get-CleanupCandidate -BasePath $demo.Path | Should -BeNullOrEmpty
        $recorded = Get-CleanupCandidate -BasePath $demo.Path -JobId $candidates[0].JobId -IncludeKept
        $recorded.Reason | Should -BeLike 'already cleaned at *'
    }

    It 'binds JobId by property name from any object' {
        $target = $candidates[0]
        $result = [pscustomobject]@{ JobId = $target.JobId } | Invoke-JobCleanup -BasePath $demo.Path -Force
        $result.JobId | Should -Be $target.JobId
        $result.Outcome | Should -Be 'Deleted'
        foreach ($path in $target.Paths) { Test-Path -LiteralPath $path | Should -BeFalse }
        # Every other file, including the other candidates' data, is still there.
        @(Get-StoredFile -Path $demo.Path) | Should -Be @($filesBefore | Where-Object { -not (Test-Below -File $_ -Target $target.Paths) })
    }

    It 're-checks each job and skips one that is not eligible' {
        $running = Get-CleanupCandidate -BasePath $demo.Path -Status Running -IncludeKept | Select-Object -First 1
        $result = Invoke-JobCleanup -BasePath $demo.Path -JobId $running.JobId -Force
        $result.Outcome | Should -Be 'Skipped'
        $result.Action | Should -Be 'Keep'
        @(Get-StoredFile -Path $demo.Path) | Should -Be $filesBefore
    }

    It 'reports a failed item as a non-terminating error and goes on' {
        $target = $candidates[0]
        $results = @(Invoke-JobCleanup -BasePath $demo.Path -JobId 'no-such-job', $target.JobId -Force -ErrorAction SilentlyContinue -ErrorVariable failures)
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'JobNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $failures[0].TargetObject | Should -Be 'no-such-job'
        ($results | Where-Object JobId -eq 'no-such-job').Outcome | Should -Be 'Failed'
        ($results | Where-Object JobId -eq $target.JobId).Outcome | Should -Be 'Deleted'
    }

    It '-ErrorAction Stop makes a failed item terminating' {
        { Invoke-JobCleanup -BasePath $demo.Path -JobId 'no-such-job' -Force -ErrorAction Stop } |
            Should -Throw -ErrorId 'JobNotFound,*'
    }

    It 'evaluates the store itself with -Confirm:$false and -Status' {
        $results = @(Invoke-JobCleanup -BasePath $demo.Path -Status Failed -Confirm:$false)
        $failedCandidates = @($candidates | Where-Object Status -eq 'Failed')
        ($results.JobId | Sort-Object) | Should -Be ($failedCandidates.JobId | Sort-Object)
        @(Get-StoredFile -Path $demo.Path) | Should -Be @($filesBefore | Where-Object { -not (Test-Below -File $_ -Target $failedCandidates.Paths) })
    }

    It 'emits the run summary last with -Summary' {
        $output = @(Invoke-JobCleanup -BasePath $demo.Path -Force -Summary)
        $summary = $output[-1]
        $summary.PSObject.TypeNames[0] | Should -Be 'CleanupTools.CleanupRunSummary'
        $summary.DryRun | Should -BeFalse
        ($summary.SuccessfulJobsProcessed + $summary.FailedJobsProcessed) | Should -Be $candidates.Count
        $summary.TotalBytesFreed | Should -Be ($candidates | Measure-Object SizeBytes -Sum).Sum
        $output.Count | Should -Be ($candidates.Count + 1)
    }

    It 'honours a dry-run variable, and -DryRun:$false overrides it' {
        $env:EEMT_DRY_RUN = 'true'
        $dry = @(Invoke-JobCleanup -BasePath $demo.Path -Force)
        $dry.Outcome | Sort-Object -Unique | Should -Be 'WouldDelete'
        @(Get-StoredFile -Path $demo.Path) | Should -Be $filesBefore

        $real = @(Invoke-JobCleanup -BasePath $demo.Path -Force -DryRun:$false)
        $real.Outcome | Sort-Object -Unique | Should -Be 'Deleted'
    }
}

Describe 'Get-StorageStat' {
    BeforeAll {
        $demo = New-DemoStore -Path (Join-Path $TestDrive 'stats') -Configuration $Configuration
        $candidates = @(Get-CleanupCandidate -BasePath $demo.Path)
    }

    It 'reports the three roots with health from the default thresholds' {
        $stats = @(Get-StorageStat -BasePath $demo.Path)
        $stats.Root | Should -Be 'results', 'uploads', 'temp'
        foreach ($stat in $stats) {
            $stat.PSObject.TypeNames[0] | Should -Be 'CleanupTools.StorageStat'
            $stat.Exists | Should -BeTrue
            $stat.Files | Should -BeGreaterThan 0
            $stat.Bytes | Should -BeGreaterThan 0
            $stat.UsagePercent | Should -BeGreaterOrEqual 0
            $stat.UsagePercent | Should -BeLessOrEqual 100
            $stat.Health | Should -Be (Get-ExpectedHealth -Stat $stat -Warning 85 -Critical 95)
        }
    }

    It 'classifies with the given thresholds' {
        foreach ($threshold in @(@{ W = 0.1; C = 100 }, @{ W = 99.8; C = 99.9 })) {
            foreach ($stat in Get-StorageStat -BasePath $demo.Path -WarningThreshold $threshold.W -CriticalThreshold $threshold.C) {
                $stat.Health | Should -Be (Get-ExpectedHealth -Stat $stat -Warning $threshold.W -Critical $threshold.C)
            }
        }
    }

    It 'reports a missing root as Missing' {
        $temp = Get-StorageStat -BasePath $demo.Path -TempPath (Join-Path $TestDrive 'no-temp-here') | Where-Object Root -eq 'temp'
        $temp.Exists | Should -BeFalse
        $temp.Health | Should -Be 'Missing'
    }

    It 'counts as reclaimable exactly what the candidates would free' {
        $reclaimable = (Get-StorageStat -BasePath $demo.Path | Measure-Object ReclaimableBytes -Sum).Sum
        $reclaimable | Should -BeGreaterThan 0
        $reclaimable | Should -Be ($candidates | Measure-Object SizeBytes -Sum).Sum
    }

    It 'rejects a warning threshold at or above the critical one' {
        { Get-StorageStat -BasePath $demo.Path -WarningThreshold 90 -CriticalThreshold 80 } |
            Should -Throw -ErrorId 'InvalidCleanupConfiguration,*'
    }
}
