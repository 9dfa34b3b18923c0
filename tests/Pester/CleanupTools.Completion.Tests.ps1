#Requires -Version 7.4
# Tab completion of policy names, job ids and hold ids, through TabExpansion2 as a console's Tab key calls it, against
# demo stores written by `cleanuptools demo`. Completion reads the store the command line names and must never
# change it: every spec compares the store directory's files before and after. Run with PowerShell 7.4+ and Pester 5.

param([string] $Configuration = 'Release')

BeforeAll {
    . (Join-Path $PSScriptRoot 'CleanupTools.TestHelpers.ps1')
    $savedEnvironment = Clear-CleanupEnvironment
    Import-Module -Name (Get-ManifestPath) -Force -ErrorAction Stop

    # What Tab offers at the end of $Line, as a console's PSReadLine asks for it.
    function Get-Completion {
        param([Parameter(Mandatory)] [string] $Line)
        (TabExpansion2 -inputScript $Line -cursorColumn $Line.Length).CompletionMatches
    }

    # A path as a single-quoted command-line argument.
    function Format-Argument {
        param([string] $Text)
        "'{0}'" -f $Text.Replace("'", "''")
    }

    # The job ids of a store, newest (highest) first, as the completion lists them.
    function Get-JobIdNewestFirst {
        param([string] $Path)
        @(Get-CleanupCandidate -BasePath $Path -IncludeKept -WarningAction SilentlyContinue).JobId | Sort-Object -Descending -CaseSensitive
    }

    # A store whose jobs table holds exactly the given ids, written by the engine's own reference-table writer: the
    # demo store's ids never need quoting, these do. The engine sits in the module's private load context, so its
    # public types are reached through the loaded assembly rather than by name.
    function New-JobStore {
        param([Parameter(Mandatory)] [string] $Path, [Parameter(Mandatory)] [string[]] $JobId)
        $null = New-Item -ItemType Directory -Path $Path -Force
        $engine = [CleanupTools.CleanupHold].Assembly # the module's type accelerator for one of the engine's types
        $writer = $engine.GetType('CleanupTools.Demo.ReferenceJobsWriter', $true)::Create((Join-Path $Path 'jobs.db'), $false)
        try {
            $jobType = $engine.GetType('CleanupTools.Demo.ReferenceJob', $true)
            foreach ($id in $JobId) {
                $writer.Add($jobType::new($id, 'sol', 'completed', $null, '2024-01-01 00:00:00', $null, $null, $null))
            }
            $writer.Commit()
        }
        finally { $writer.Dispose() }
        $Path
    }
}

AfterAll {
    Restore-CleanupEnvironment -Saved $savedEnvironment
}

Describe 'Completing -Name with policy names' {
    BeforeAll {
        $demo = New-DemoStore -Path (New-DemoPath -Name 'policy-names') -Configuration $Configuration
        $null = Set-RetentionPolicy -BasePath $demo.Path -Name site_logs -Status Failed -Component Logs -RetentionDays 3 -Confirm:$false -WarningAction SilentlyContinue
        $before = Get-StoreSnapshot -Path $demo.Path
        $base = Format-Argument $demo.Path
    }

    It '<Command> offers the built-in and the stored policy names' -ForEach @(
        @{ Command = 'Get-RetentionPolicy' }
        @{ Command = 'Set-RetentionPolicy' }
        @{ Command = 'Reset-RetentionPolicy' }
        @{ Command = 'Export-RetentionPolicy' }
    ) {
        $offered = @(Get-Completion "$Command -BasePath $base -Name ")
        $offered.CompletionText | Should -Contain 'successful_jobs'
        $offered.CompletionText | Should -Contain 'failed_jobs'
        $offered.CompletionText | Should -Contain 'dbt_logs'
        $offered.CompletionText | Should -Contain 'site_logs'
        $offered.ResultType | Sort-Object -Unique | Should -Be 'ParameterValue'
        ($offered | Where-Object CompletionText -eq 'site_logs').ToolTip | Should -BeLike 'site_logs (failed/logs): 3 days*'
    }

    It 'filters by the typed prefix, in any case' {
        @(Get-Completion "Get-RetentionPolicy -BasePath $base -Name site").CompletionText | Should -Be @('site_logs')
        @(Get-Completion "Get-RetentionPolicy -BasePath $base -Name FAILED_J").CompletionText | Should -Be @('failed_jobs')
        @(Get-Completion "Get-RetentionPolicy -BasePath $base -Name zzz") | Should -HaveCount 0
    }

    It 'completes the positional name too' {
        @(Get-Completion "Set-RetentionPolicy -BasePath $base site").CompletionText | Should -Be @('site_logs')
    }

    It 'reads the store named by -Store' {
        $store = Format-Argument (Join-Path $demo.Path 'jobs.db')
        @(Get-Completion "Reset-RetentionPolicy -Store $store -Name site").CompletionText | Should -Be @('site_logs')
    }

    It 'reads the current location''s store without -BasePath' {
        Push-Location -LiteralPath $demo.Path
        try { @(Get-Completion 'Get-RetentionPolicy -Name site').CompletionText | Should -Be @('site_logs') }
        finally { Pop-Location }
    }

    It 'offers nothing for a store without the stored policy, so the name above came from this one' {
        $other = New-DemoStore -Path (New-DemoPath -Name 'policy-other') -Configuration $Configuration
        @(Get-Completion "Get-RetentionPolicy -BasePath $(Format-Argument $other.Path) -Name site") | Should -HaveCount 0
    }

    It 'leaves the store byte-identical' {
        Get-StoreSnapshot -Path $demo.Path | Should -Be $before
    }
}

Describe 'Completing -JobId with job ids' {
    BeforeAll {
        # Not migrated: `cleanuptools demo` leaves the store as the application does, and completion must keep it so.
        $demo = New-DemoStore -Path (New-DemoPath -Name 'job-ids') -Configuration $Configuration
        $expected = @(Get-JobIdNewestFirst -Path $demo.Path)
        $before = Get-StoreSnapshot -Path $demo.Path
        $base = Format-Argument $demo.Path
    }

    It '<Command> offers every job id of the store, newest first' -ForEach @(
        @{ Command = 'Invoke-JobCleanup' }
        @{ Command = 'Get-CleanupCandidate' }
        @{ Command = 'Add-CleanupHold' }
        @{ Command = 'Get-CleanupHold' }
        @{ Command = 'Get-CleanupHistory' }
        @{ Command = 'Restore-CleanupBackup' }
    ) {
        $expected.Count | Should -Be $demo.Jobs
        @(Get-Completion "$Command -BasePath $base -JobId ").CompletionText | Should -Be $expected
    }

    It 'filters by the typed prefix' {
        $prefix = $expected[0].Substring(0, $expected[0].Length - 3)
        $wanted = @($expected | Where-Object { $_.StartsWith($prefix) })
        $wanted.Count | Should -BeLessThan $expected.Count
        @(Get-Completion "Invoke-JobCleanup -BasePath $base -JobId $prefix").CompletionText | Should -Be $wanted
        @(Get-Completion "Get-CleanupCandidate -BasePath $base $prefix").CompletionText | Should -Be $wanted
        @(Get-Completion "Get-CleanupHold -BasePath $base -JobId no-such-job") | Should -HaveCount 0
    }

    It 'keeps the quote the user opened' {
        @(Get-Completion "Get-CleanupHistory -BasePath $base -JobId '$($expected[0])").CompletionText | Should -Be @("'$($expected[0])'")
    }

    It 'resolves a relative -BasePath against the current location' {
        Push-Location -LiteralPath (Split-Path -Parent $demo.Path)
        try {
            $relative = Format-Argument ('./' + (Split-Path -Leaf $demo.Path))
            @(Get-Completion "Get-CleanupHold -BasePath $relative -JobId ").CompletionText | Should -Be $expected
        }
        finally { Pop-Location }
    }

    It 'leaves the unmigrated store byte-identical' {
        Get-StoreSnapshot -Path $demo.Path | Should -Be $before
    }
}

Describe 'Completing job ids that need quoting' {
    BeforeAll {
        $ids = 'plain-1', 'with space', "it's", '-dash', '1e3', 'semi;colon', '$var'
        $path = New-JobStore -Path (New-DemoPath -Name 'quoting') -JobId $ids
        $before = Get-StoreSnapshot -Path $path
        $offered = @(Get-Completion "Get-CleanupHold -BasePath $(Format-Argument $path) -JobId ")
    }

    It 'offers every id once' {
        $offered.ListItemText | Sort-Object | Should -Be ($ids | Sort-Object)
    }

    It 'quotes the ids that would not parse back as themselves, and only those' {
        ($offered | Where-Object ListItemText -eq 'plain-1').CompletionText | Should -Be 'plain-1'
        ($offered | Where-Object ListItemText -eq 'with space').CompletionText | Should -Be "'with space'"
        ($offered | Where-Object ListItemText -eq "it's").CompletionText | Should -Be "'it''s'"
    }

    It 'completes each id to text that PowerShell reads back as that id' {
        foreach ($item in $offered) {
            $ast = [System.Management.Automation.Language.Parser]::ParseInput("Write-Output $($item.CompletionText)", [ref] $null, [ref] $null)
            $argument = $ast.EndBlock.Statements[0].PipelineElements[0].CommandElements[1]
            $argument.SafeGetValue() | Should -BeExactly $item.ListItemText
        }
    }

    It 'leaves the store byte-identical' {
        Get-StoreSnapshot -Path $path | Should -Be $before
    }
}

Describe 'Completing hold ids' {
    BeforeAll {
        $demo = New-DemoStore -Path (New-DemoPath -Name 'hold-ids') -Configuration $Configuration
        $jobs = @(Get-JobIdNewestFirst -Path $demo.Path)
        $jobHold = Add-CleanupHold -BasePath $demo.Path -JobId $jobs[0] -Reason 'Pester: audit 42' -Confirm:$false -WarningAction SilentlyContinue
        $pathHold = Add-CleanupHold -BasePath $demo.Path -Path (Join-Path $demo.Path 'results/keep me/**') -Reason 'Pester: legal' -Duration (New-TimeSpan -Days 2) -Confirm:$false
        $before = Get-StoreSnapshot -Path $demo.Path
        $base = Format-Argument $demo.Path
    }

    It 'Remove-CleanupHold -Id offers the ids of the holds in force' {
        $offered = @(Get-Completion "Remove-CleanupHold -BasePath $base -Id ")
        $offered.CompletionText | Should -Be @("$($jobHold.Id)", "$($pathHold.Id)")
    }

    It 'shows each hold''s target and reason' {
        $offered = @(Get-Completion "Remove-CleanupHold -BasePath $base -Id ")
        $offered[0].ListItemText | Should -Be "$($jobHold.Id) (job $($jobs[0]))"
        $offered[0].ToolTip | Should -Be "job $($jobs[0]): Pester: audit 42"
        $offered[1].ToolTip | Should -BeLike "path $($pathHold.Target): Pester: legal (until *)"
    }

    It 'filters by the typed prefix' {
        @(Get-Completion "Remove-CleanupHold -BasePath $base -Id $($pathHold.Id)").CompletionText | Should -Be @("$($pathHold.Id)")
        @(Get-Completion "Remove-CleanupHold -BasePath $base -Id 99") | Should -HaveCount 0
    }

    It 'leaves the store byte-identical' {
        Get-StoreSnapshot -Path $demo.Path | Should -Be $before
    }
}

Describe 'Completing against a store that cannot be read' {
    BeforeAll {
        $garbage = New-DemoPath -Name 'garbage'
        $null = New-Item -ItemType Directory -Path $garbage
        Set-Content -LiteralPath (Join-Path $garbage 'jobs.db') -Value 'not a database'
        $garbageBefore = Get-StoreSnapshot -Path $garbage
    }

    It '<Command> <Rest> offers nothing and reports no error for a missing store' -ForEach @(
        @{ Command = 'Get-RetentionPolicy'; Rest = '-Name ' }
        @{ Command = 'Set-RetentionPolicy'; Rest = '-Name fa' }
        @{ Command = 'Invoke-JobCleanup'; Rest = '-JobId ' }
        @{ Command = 'Add-CleanupHold'; Rest = '-JobId job' }
        @{ Command = 'Remove-CleanupHold'; Rest = '-Id ' }
    ) {
        $missing = New-DemoPath -Name 'missing'
        $Error.Clear()
        @(Get-Completion "$Command -BasePath $(Format-Argument $missing) $Rest") | Should -HaveCount 0
        $Error | Should -HaveCount 0
        Test-Path -LiteralPath $missing | Should -BeFalse
    }

    It '<Command> <Rest> offers nothing and reports no error for a file that is no database' -ForEach @(
        @{ Command = 'Reset-RetentionPolicy'; Rest = '-Name ' }
        @{ Command = 'Get-CleanupHistory'; Rest = '-JobId ' }
        @{ Command = 'Remove-CleanupHold'; Rest = '-Id ' }
    ) {
        $Error.Clear()
        @(Get-Completion "$Command -BasePath $(Format-Argument $garbage) $Rest") | Should -HaveCount 0
        $Error | Should -HaveCount 0
        Get-StoreSnapshot -Path $garbage | Should -Be $garbageBefore
    }
}
