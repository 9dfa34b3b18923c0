#Requires -Version 7.4
# Holds, the audit trail, policy resets, keep-newest rules and the mass-deletion guard, each against a fresh demo
# store written by `cleanuptools demo` (see CleanupTools.Cmdlets.Tests.ps1 for the cmdlets' basic behaviour).
# Run on a host with PowerShell 7.4+ and Pester 5. Every state-changing call passes -Force, -Confirm:$false or
# -WhatIf: a High-impact cmdlet would otherwise wait for an answer that never comes.

param([string] $Configuration = 'Release')

BeforeAll {
    . (Join-Path $PSScriptRoot 'CleanupTools.TestHelpers.ps1')
    $savedEnvironment = Clear-CleanupEnvironment
    Import-Module -Name (Get-ManifestPath) -Force -ErrorAction Stop

    # The results folder of a job: present until a cleanup deletes it.
    function Get-ResultsPath {
        param([string] $Path, [string] $JobId)
        Join-Path (Join-Path $Path 'results') $JobId
    }
}

AfterAll {
    Restore-CleanupEnvironment -Saved $savedEnvironment
}

Describe 'Holds' {
    BeforeEach {
        $demo = New-DemoStore -Path (New-DemoPath -Name 'holds') -Configuration $Configuration
        $candidates = @(Get-CleanupCandidate -BasePath $demo.Path)
        $target = $candidates | Where-Object Status -eq 'Completed' | Select-Object -First 1
    }

    It 'Add-CleanupHold stores a job hold and emits it' {
        $hold = Add-CleanupHold -BasePath $demo.Path -JobId $target.JobId -Reason 'Pester: under review'
        $hold.PSObject.TypeNames[0] | Should -Be 'CleanupTools.CleanupHold'
        $hold.Id | Should -BeGreaterThan 0
        $hold.Kind | Should -Be 'Job'
        $hold.Target | Should -Be $target.JobId
        $hold.Reason | Should -Be 'Pester: under review'
        $hold.ExpiresAt | Should -BeNullOrEmpty
        $hold.CreatedBy | Should -Not -BeNullOrEmpty

        $listed = @(Get-CleanupHold -BasePath $demo.Path)
        $listed | Should -HaveCount 1
        $listed[0].Id | Should -Be $hold.Id
        @(Get-CleanupHold -BasePath $demo.Path -JobId $target.JobId) | Should -HaveCount 1
        @(Get-CleanupHold -BasePath $demo.Path -JobId 'no-such-job') | Should -HaveCount 0
    }

    It 'makes Get-CleanupCandidate report the held job with Action Held' {
        $hold = Add-CleanupHold -BasePath $demo.Path -JobId $target.JobId -Reason 'Pester: keep'
        $after = @(Get-CleanupCandidate -BasePath $demo.Path)
        # Held jobs are listed without -IncludeKept: they are exactly what would go but for the hold.
        ($after.JobId | Sort-Object) | Should -Be ($candidates.JobId | Sort-Object)
        $held = $after | Where-Object JobId -eq $target.JobId
        $held.Action | Should -Be 'Held'
        $held.Reason | Should -BeLike "*hold $($hold.Id)*Pester: keep*"
        ($after | Where-Object JobId -ne $target.JobId).Action | Should -Not -Contain 'Held'
    }

    It 'makes Invoke-JobCleanup -Force leave the held job''s files' {
        $null = Add-CleanupHold -BasePath $demo.Path -JobId $target.JobId -Reason 'Pester: keep'
        $heldFiles = @(Get-StoredFile -Path $demo.Path | Where-Object { Test-Below -File $_ -Target $target.Paths })
        $heldFiles.Count | Should -BeGreaterThan 0

        $results = @(Invoke-JobCleanup -BasePath $demo.Path -Force)
        # The held job is what would have gone, so the run reports it, as held and untouched.
        $held = @($results | Where-Object JobId -eq $target.JobId)
        $held | Should -HaveCount 1
        $held[0].Action | Should -Be 'Held'
        $held[0].Outcome | Should -Be 'Skipped'
        $held[0].BytesFreed | Should -Be 0
        foreach ($file in $heldFiles) { Test-Path -LiteralPath $file | Should -BeTrue }
        Test-Path -LiteralPath (Get-ResultsPath -Path $demo.Path -JobId $target.JobId) | Should -BeTrue
        # Everything else that was a candidate went.
        foreach ($other in $candidates | Where-Object JobId -ne $target.JobId) {
            Test-Path -LiteralPath (Get-ResultsPath -Path $demo.Path -JobId $other.JobId) | Should -BeFalse
        }
    }

    It 'skips a piped held candidate with Action Held and counts it in JobsHeld' {
        $null = Add-CleanupHold -BasePath $demo.Path -JobId $target.JobId -Reason 'Pester: keep'
        $output = @(Get-CleanupCandidate -BasePath $demo.Path | Invoke-JobCleanup -BasePath $demo.Path -Force -Summary)
        $summary = $output[-1]
        $skipped = $output | Select-Object -SkipLast 1 | Where-Object JobId -eq $target.JobId
        $skipped.Outcome | Should -Be 'Skipped'
        $skipped.Action | Should -Be 'Held'
        $summary.JobsHeld | Should -Be 1
        Test-Path -LiteralPath (Get-ResultsPath -Path $demo.Path -JobId $target.JobId) | Should -BeTrue
    }

    It 'holds every candidate piped into Add-CleanupHold by JobId' {
        $holds = @($candidates | Add-CleanupHold -BasePath $demo.Path -Reason 'Pester: all')
        $holds | Should -HaveCount $candidates.Count
        ($holds.Target | Sort-Object) | Should -Be ($candidates.JobId | Sort-Object)
        (Get-CleanupCandidate -BasePath $demo.Path).Action | Sort-Object -Unique | Should -Be 'Held'
    }

    It 'ends a hold at -ExpiresAt and lists it again only with -IncludeExpired' {
        $expires = (Get-Date).AddDays(2)
        $hold = Add-CleanupHold -BasePath $demo.Path -JobId $target.JobId -Reason 'Pester: two days' -ExpiresAt $expires
        $hold.ExpiresAt | Should -Not -BeNullOrEmpty
        [math]::Abs(($hold.ExpiresAt.UtcDateTime - $expires.ToUniversalTime()).TotalSeconds) | Should -BeLessThan 2
        { Add-CleanupHold -BasePath $demo.Path -JobId $target.JobId -Reason 'Pester: past' -ExpiresAt (Get-Date).AddMinutes(-5) } |
            Should -Throw -ErrorId 'InvalidCleanupConfiguration,*'
        { Add-CleanupHold -BasePath $demo.Path -JobId $target.JobId -Reason 'Pester: both' -ExpiresAt $expires -Duration (New-TimeSpan -Hours 1) } |
            Should -Throw -ErrorId 'InvalidCleanupConfiguration,*'
        @(Get-CleanupHold -BasePath $demo.Path -IncludeExpired) | Should -HaveCount 1
    }

    # [ValidateRange] with string bounds would compare the TimeSpan as text ("5.00:00:00" above "36500.00:00:00").
    It 'accepts a -Duration of several days' {
        $hold = Add-CleanupHold -BasePath $demo.Path -JobId $target.JobId -Reason 'Pester: five days' -Duration (New-TimeSpan -Days 5)
        ($hold.ExpiresAt - [DateTimeOffset]::UtcNow).TotalDays | Should -BeGreaterThan 4.9
    }

    It 'Remove-CleanupHold removes the holds piped from Get-CleanupHold' {
        $hold = Add-CleanupHold -BasePath $demo.Path -JobId $target.JobId -Reason 'Pester: temporary'
        $removed = @(Get-CleanupHold -BasePath $demo.Path | Remove-CleanupHold -BasePath $demo.Path -Force -PassThru)
        $removed | Should -HaveCount 1
        $removed[0].Id | Should -Be $hold.Id
        Get-CleanupHold -BasePath $demo.Path | Should -BeNullOrEmpty
        (Get-CleanupCandidate -BasePath $demo.Path | Where-Object JobId -eq $target.JobId).Action | Should -Be 'DeleteData'
    }

    It 'Remove-CleanupHold reports an unknown id per item and removes the others' {
        $hold = Add-CleanupHold -BasePath $demo.Path -JobId $target.JobId -Reason 'Pester: temporary'
        Remove-CleanupHold -BasePath $demo.Path -Id 987654, $hold.Id -Force -ErrorAction SilentlyContinue -ErrorVariable failures
        $failures | Should -HaveCount 1
        $failures[0].FullyQualifiedErrorId | Should -BeLike 'HoldNotFound,*'
        $failures[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        Get-CleanupHold -BasePath $demo.Path | Should -BeNullOrEmpty
    }

    It 'Add-CleanupHold -WhatIf writes nothing and emits nothing' {
        $before = Get-StoreSnapshot -Path $demo.Path
        Add-CleanupHold -BasePath $demo.Path -JobId $target.JobId -Reason 'Pester: preview' -WhatIf | Should -BeNullOrEmpty
        Get-StoreSnapshot -Path $demo.Path | Should -Be $before
        Get-CleanupHold -BasePath $demo.Path | Should -BeNullOrEmpty
    }

    It 'Remove-CleanupHold -WhatIf keeps the hold, even with -Force' {
        $hold = Add-CleanupHold -BasePath $demo.Path -JobId $target.JobId -Reason 'Pester: stays'
        $before = Get-StoreSnapshot -Path $demo.Path
        Remove-CleanupHold -BasePath $demo.Path -Id $hold.Id -WhatIf -Force -PassThru | Should -BeNullOrEmpty
        Get-StoreSnapshot -Path $demo.Path | Should -Be $before
        (Get-CleanupHold -BasePath $demo.Path).Id | Should -Be $hold.Id
    }
}

Describe 'Get-CleanupHistory' {
    BeforeEach {
        $demo = New-DemoStore -Path (New-DemoPath -Name 'history') -Configuration $Configuration
        $candidates = @(Get-CleanupCandidate -BasePath $demo.Path)
    }

    It 'has no entries before the first real run' {
        Get-CleanupHistory -BasePath $demo.Path | Should -BeNullOrEmpty
        $null = Invoke-JobCleanup -BasePath $demo.Path -DryRun
        $null = Invoke-JobCleanup -BasePath $demo.Path -WhatIf
        Get-CleanupHistory -BasePath $demo.Path | Should -BeNullOrEmpty
    }

    It 'returns one row per deleted job plus one run row for the summary''s RunId' {
        $output = @(Invoke-JobCleanup -BasePath $demo.Path -Force -Summary)
        $summary = $output[-1]
        $summary.PSObject.TypeNames[0] | Should -Be 'CleanupTools.CleanupRunSummary'
        $summary.RunId | Should -Not -BeNullOrEmpty
        $summary.Trigger | Should -Be 'Manual'
        $deleted = @($output | Select-Object -SkipLast 1 | Where-Object Outcome -eq 'Deleted')
        $deleted | Should -HaveCount $candidates.Count

        $history = @(Get-CleanupHistory -BasePath $demo.Path -RunId $summary.RunId)
        $history | Should -HaveCount ($deleted.Count + 1)
        $history | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be 'CleanupTools.CleanupAuditEntry' }
        $history.RunId | Sort-Object -Unique | Should -Be $summary.RunId
        $history.Trigger | Sort-Object -Unique | Should -Be 'Manual'

        $run = @($history | Where-Object TargetKind -eq 'run')
        $run | Should -HaveCount 1
        $run[0].Target | Should -Be $summary.RunId
        $run[0].Action | Should -Be 'Run'
        $run[0].Outcome | Should -Be 'Completed'
        $run[0].Bytes | Should -Be $summary.TotalBytesFreed

        $jobs = @($history | Where-Object TargetKind -eq 'job')
        ($jobs.Target | Sort-Object) | Should -Be ($deleted.JobId | Sort-Object)
        $jobs.Outcome | Sort-Object -Unique | Should -Be 'Deleted'
        ($jobs | Measure-Object Bytes -Sum).Sum | Should -Be $summary.TotalBytesFreed
    }

    It 'lists every entry''s Target through member enumeration: (Get-CleanupHistory).Target' {
        $summary = Invoke-JobCleanup -BasePath $demo.Path -Force -Summary | Select-Object -Last 1
        # A property named Item would fail here: on an array, .Item is the array's own IList.Item, not each value.
        $targets = (Get-CleanupHistory -BasePath $demo.Path).Target
        @($targets) | Should -HaveCount ($candidates.Count + 1)
        $targets | ForEach-Object { $_ | Should -BeOfType ([string]) }
        ($targets | Sort-Object) | Should -Be (@($candidates.JobId) + $summary.RunId | Sort-Object)
        (Get-CleanupHistory -BasePath $demo.Path -Newest 1).PSObject.Properties.Name | Should -Not -Contain 'Item'
    }

    It 'binds RunId from a piped run summary and JobId from a piped result' {
        $output = @(Invoke-JobCleanup -BasePath $demo.Path -Force -Summary)
        $summary = $output[-1]
        $first = $output[0]
        @($summary | Get-CleanupHistory -BasePath $demo.Path) | Should -HaveCount ($candidates.Count + 1)
        $byJob = @($first | Get-CleanupHistory -BasePath $demo.Path)
        $byJob | Should -HaveCount 1
        $byJob[0].JobId | Should -Be $first.JobId
    }

    It 'records the trigger given with -Trigger (alias -Type)' {
        $summary = Invoke-JobCleanup -BasePath $demo.Path -Force -Summary -Type Automatic | Select-Object -Last 1
        $summary.Trigger | Should -Be 'Automatic'
        (Get-CleanupHistory -BasePath $demo.Path -RunId $summary.RunId).Trigger | Sort-Object -Unique | Should -Be 'Automatic'
    }

    It 'filters by outcome and limits with -Newest' {
        $summary = Invoke-JobCleanup -BasePath $demo.Path -Force -Summary | Select-Object -Last 1
        @(Get-CleanupHistory -BasePath $demo.Path -Outcome Completed) | Should -HaveCount 1
        @(Get-CleanupHistory -BasePath $demo.Path -Outcome deleted) | Should -HaveCount $candidates.Count
        $newest = @(Get-CleanupHistory -BasePath $demo.Path -Newest 1)
        $newest | Should -HaveCount 1
        $newest[0].TargetKind | Should -Be 'run' -Because 'the run row is written last and entries come newest first'
        { Get-CleanupHistory -BasePath $demo.Path -Outcome Vanished } | Should -Throw -ErrorId 'ParameterArgumentValidationError,*'
    }
}

Describe 'Reset-RetentionPolicy' {
    BeforeEach {
        $demo = New-DemoStore -Path (New-DemoPath -Name 'reset') -Configuration $Configuration
        Set-RetentionPolicy -BasePath $demo.Path -Name successful_jobs -RetentionHours 24
    }

    It '-Force returns successful_jobs to 168 hours' {
        (Get-RetentionPolicy -BasePath $demo.Path -Name successful_jobs).RetentionHours | Should -Be 24
        Reset-RetentionPolicy -BasePath $demo.Path -Name successful_jobs -Force | Should -BeNullOrEmpty
        $policy = Get-RetentionPolicy -BasePath $demo.Path -Name successful_jobs
        $policy.RetentionHours | Should -Be 168
        $policy.Source | Should -Be 'Default'
        $policy.DefinitionSource | Should -Be 'Default'
    }

    It '-PassThru emits the policies as they resolve after the reset' {
        $after = @(Reset-RetentionPolicy -BasePath $demo.Path -Name successful_jobs -Force -PassThru)
        $after | Should -HaveCount 1
        $after[0].PSObject.TypeNames[0] | Should -Be 'CleanupTools.RetentionPolicy'
        $after[0].RetentionHours | Should -Be 168
    }

    It 'resets every policy without -Name and removes an administrator''s own' {
        Set-RetentionPolicy -BasePath $demo.Path -Name pester_logs -Component Logs -Status Failed -RetentionDays 30
        (Get-RetentionPolicy -BasePath $demo.Path).Name | Should -Contain 'pester_logs'
        Reset-RetentionPolicy -BasePath $demo.Path -Force
        $names = (Get-RetentionPolicy -BasePath $demo.Path).Name
        $names | Should -Not -Contain 'pester_logs'
        $names | Should -Contain 'dbt_logs'
        (Get-RetentionPolicy -BasePath $demo.Path -Name successful_jobs).RetentionHours | Should -Be 168
    }

    It 'takes names from Get-RetentionPolicy through the pipeline' {
        Get-RetentionPolicy -BasePath $demo.Path -Name successful_jobs | Reset-RetentionPolicy -BasePath $demo.Path -Force
        (Get-RetentionPolicy -BasePath $demo.Path -Name successful_jobs).RetentionHours | Should -Be 168
    }

    It 'refuses an unknown name and resets nothing' {
        { Reset-RetentionPolicy -BasePath $demo.Path -Name successful_jobs, no_such_policy -Force } |
            Should -Throw -ErrorId 'InvalidCleanupConfiguration,*'
        (Get-RetentionPolicy -BasePath $demo.Path -Name successful_jobs).RetentionHours | Should -Be 24
    }

    It '-WhatIf writes nothing, even with -Force' {
        $before = Get-StoreSnapshot -Path $demo.Path
        Reset-RetentionPolicy -BasePath $demo.Path -WhatIf -Force -PassThru | Should -BeNullOrEmpty
        Get-StoreSnapshot -Path $demo.Path | Should -Be $before
        (Get-RetentionPolicy -BasePath $demo.Path -Name successful_jobs).RetentionHours | Should -Be 24
    }
}

Describe 'Set-RetentionPolicy keep-newest, components and path classes' {
    BeforeEach {
        $demo = New-DemoStore -Path (New-DemoPath -Name 'keep-newest') -Configuration $Configuration
    }

    It '-KeepLatestPerWorkflow keeps the newest job of each workflow type whatever its age' {
        # Half an hour makes every dated completed job old enough, so only the keep-newest rule can keep one.
        $policy = Set-RetentionPolicy -BasePath $demo.Path -Name successful_jobs -RetentionHours 0.5 -KeepLatestPerWorkflow -PassThru
        $policy.KeepNewest | Should -Be 1
        $policy.KeepNewestPerWorkflow | Should -BeTrue

        $completed = @(Get-CleanupCandidate -BasePath $demo.Path -Status Completed -IncludeKept | Where-Object { $null -ne $_.CompletedAt })
        $groups = @($completed | Group-Object WorkflowType)
        $groups.Count | Should -BeGreaterThan 1
        $latest = foreach ($group in $groups) {
            $ordered = @($group.Group | Sort-Object CompletedAt -Descending)
            $ordered[0].Action | Should -Be 'Keep'
            $ordered[0].Reason | Should -BeLike '*newest*workflow type*'
            $ordered | Select-Object -Skip 1 | ForEach-Object { $_.Action | Should -Be 'DeleteData' }
            $ordered[0].JobId
        }

        $null = Invoke-JobCleanup -BasePath $demo.Path -Status Completed -Force
        foreach ($id in $latest) { Test-Path -LiteralPath (Get-ResultsPath -Path $demo.Path -JobId $id) | Should -BeTrue }
        foreach ($gone in $completed | Where-Object JobId -NotIn $latest) {
            Test-Path -LiteralPath (Get-ResultsPath -Path $demo.Path -JobId $gone.JobId) | Should -BeFalse
        }
    }

    It '-KeepNewest 0 stops keeping the newest' {
        $null = Set-RetentionPolicy -BasePath $demo.Path -Name successful_jobs -KeepNewest 3
        $policy = Set-RetentionPolicy -BasePath $demo.Path -Name successful_jobs -KeepNewest 0 -PassThru
        $policy.KeepNewest | Should -BeNullOrEmpty
        $policy.KeepNewestPerWorkflow | Should -BeFalse
    }

    It 'refuses a zero retention without -AllowMassDeletion' {
        { Set-RetentionPolicy -BasePath $demo.Path -Name failed_jobs -RetentionHours 0 } | Should -Throw -ErrorId 'InvalidCleanupConfiguration,*'
        (Get-RetentionPolicy -BasePath $demo.Path -Name failed_jobs).RetentionHours | Should -Be 12
        (Set-RetentionPolicy -BasePath $demo.Path -Name failed_jobs -RetentionHours 0 -AllowMassDeletion -PassThru).RetentionHours | Should -Be 0
    }

    It 'creates a component policy and a path class, and gives a built-in path class a root' {
        $component = Set-RetentionPolicy -BasePath $demo.Path -Name pester_logs -Component Logs -Status Failed -RetentionDays 30 -PassThru
        $component.TargetKind | Should -Be 'Component'
        $component.Target | Should -Be 'failed/logs'
        $component.Action | Should -Be 'DeleteData'

        $root = Join-Path $demo.Path 'exports'
        $class = Set-RetentionPolicy -BasePath $demo.Path -Name pester_exports -Root $root -Pattern '**/*.csv' -RetentionDays 14 -PassThru
        $class.TargetKind | Should -Be 'PathClass'
        $class.Target | Should -Be 'paths'
        $class.Patterns | Should -Be '**/*.csv'
        $class.Action | Should -Be 'DeleteAll'

        (Get-RetentionPolicy -BasePath $demo.Path -Name dbt_logs).Root | Should -BeNullOrEmpty
        (Set-RetentionPolicy -BasePath $demo.Path -Name dbt_logs -Root $root -PassThru).Root | Should -Not -BeNullOrEmpty
    }

    It 'cannot change the target of an existing policy' {
        { Set-RetentionPolicy -BasePath $demo.Path -Name successful_jobs -Component Logs } | Should -Throw -ErrorId 'InvalidCleanupConfiguration,*'
    }

    It 'binds only Name from a piped policy, and changes only what was asked' {
        $null = Set-RetentionPolicy -BasePath $demo.Path -Name failed_jobs -Action Quarantine
        $policy = Get-RetentionPolicy -BasePath $demo.Path -Name failed_jobs
        $updated = $policy | Set-RetentionPolicy -BasePath $demo.Path -Description 'piped' -PassThru
        $updated.Action | Should -Be 'Quarantine'
        $updated.RetentionHours | Should -Be 12
        $updated.Description | Should -Be 'piped'
    }

    It 'stores no environment override, and no untouched default, when every policy is piped in' {
        $env:CLEANUPTOOLS_SUCCESS_RETENTION_HOURS = '1'
        try {
            $piped = @(Get-RetentionPolicy -BasePath $demo.Path -Name successful_jobs, failed_jobs)
            ($piped | Where-Object Name -eq successful_jobs).RetentionHours | Should -Be 1
            $null = $piped | Set-RetentionPolicy -BasePath $demo.Path -Description 'reviewed' -WarningAction SilentlyContinue
        }
        finally { $env:CLEANUPTOOLS_SUCCESS_RETENTION_HOURS = $null }
        $after = @(Get-RetentionPolicy -BasePath $demo.Path)
        $successful = $after | Where-Object Name -eq successful_jobs
        # The stored value is the default's, not the override that was in force while piping.
        $successful.RetentionHours | Should -Be 168
        $successful.Description | Should -Be 'reviewed'
        ($after | Where-Object Name -eq failed_jobs).RetentionHours | Should -Be 12
        # The policies that were not piped are still the defaults, not stored copies.
        ($after | Where-Object Name -NotIn successful_jobs, failed_jobs).DefinitionSource | Sort-Object -Unique | Should -Be 'Default'
        # A piped policy with nothing to change is refused per item, and stores nothing.
        $hash = Get-DatabaseHash -Path $demo.Path
        $null = Get-RetentionPolicy -BasePath $demo.Path -Name dbt_logs | Set-RetentionPolicy -BasePath $demo.Path -ErrorAction SilentlyContinue -ErrorVariable nothing
        $nothing | Should -HaveCount 1
        Get-DatabaseHash -Path $demo.Path | Should -Be $hash
    }

    It '-WhatIf with the new parameters writes nothing' {
        $before = Get-StoreSnapshot -Path $demo.Path
        Set-RetentionPolicy -BasePath $demo.Path -Name successful_jobs -KeepLatestPerWorkflow -WhatIf -PassThru | Should -BeNullOrEmpty
        Set-RetentionPolicy -BasePath $demo.Path -Name pester_logs -Component Logs -RetentionDays 3 -WhatIf | Should -BeNullOrEmpty
        Set-RetentionPolicy -BasePath $demo.Path -Name dbt_logs -Root (Join-Path $demo.Path 'dbt') -WhatIf | Should -BeNullOrEmpty
        Get-StoreSnapshot -Path $demo.Path | Should -Be $before
        (Get-RetentionPolicy -BasePath $demo.Path).Name | Should -Not -Contain 'pester_logs'
    }
}

Describe 'Mass-deletion guard' {
    BeforeEach {
        $demo = New-DemoStore -Path (New-DemoPath -Name 'guard') -Configuration $Configuration
        $candidates = @(Get-CleanupCandidate -BasePath $demo.Path)
        $filesBefore = @(Get-StoredFile -Path $demo.Path)
    }

    AfterEach {
        Restore-CleanupEnvironment -Saved @{}
    }

    It '-MaxDeletionPercent 50 stops the run with MassDeletionRefused and deletes nothing' {
        # The demo's completed and failed policies would each lose more than half of their jobs.
        { Invoke-JobCleanup -BasePath $demo.Path -Force -MaxDeletionPercent 50 } | Should -Throw -ErrorId 'MassDeletionRefused,*'
        @(Get-StoredFile -Path $demo.Path) | Should -Be $filesBefore
        @(Get-CleanupCandidate -BasePath $demo.Path) | Should -HaveCount $candidates.Count
        Get-CleanupHistory -BasePath $demo.Path | Should -BeNullOrEmpty
    }

    It 'reports the refusal with category LimitsExceeded' {
        $refusal = { Invoke-JobCleanup -BasePath $demo.Path -Force -MaxDeletionPercent 50 } | Should -Throw -PassThru
        $refusal.CategoryInfo.Category | Should -Be 'LimitsExceeded'
        $refusal.Exception.Message | Should -BeLike '*AllowMassDeletion*'
    }

    It 'stops piped candidates too' {
        { $candidates | Invoke-JobCleanup -BasePath $demo.Path -Force -MaxDeletionPercent 50 } | Should -Throw -ErrorId 'MassDeletionRefused,*'
        @(Get-StoredFile -Path $demo.Path) | Should -Be $filesBefore
    }

    It '-AllowMassDeletion lets the run proceed' {
        $results = @(Invoke-JobCleanup -BasePath $demo.Path -Force -MaxDeletionPercent 50 -AllowMassDeletion)
        ($results.JobId | Sort-Object) | Should -Be ($candidates.JobId | Sort-Object)
        $results.Outcome | Sort-Object -Unique | Should -Be 'Deleted'
    }

    It 'CLEANUPTOOLS_MAX_DELETION_PERCENT sets the share and the parameter outranks it' {
        [Environment]::SetEnvironmentVariable('CLEANUPTOOLS_MAX_DELETION_PERCENT', '50')
        { Invoke-JobCleanup -BasePath $demo.Path -Force } | Should -Throw -ErrorId 'MassDeletionRefused,*'
        @(Invoke-JobCleanup -BasePath $demo.Path -Force -MaxDeletionPercent 100) | Should -HaveCount $candidates.Count
    }

    It '-WhatIf warns instead of stopping and changes nothing' {
        $before = Get-StoreSnapshot -Path $demo.Path
        Invoke-JobCleanup -BasePath $demo.Path -WhatIf -MaxDeletionPercent 50 -WarningVariable warnings -WarningAction SilentlyContinue |
            Should -BeNullOrEmpty
        $warnings | Where-Object { $_ -like '*real run would stop*' } | Should -Not -BeNullOrEmpty
        Get-StoreSnapshot -Path $demo.Path | Should -Be $before
    }
}
