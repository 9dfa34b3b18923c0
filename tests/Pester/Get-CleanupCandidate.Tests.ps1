#Requires -Version 7.4
# Get-CleanupCandidate in a real host: kept and already-cleaned jobs, ids the store lacks, and what piped ids cost.
# The basics (filters, reasons, types) are in CleanupTools.Cmdlets.Tests.ps1.

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
        $demo = New-DemoStore -Path (New-DemoPath -Name 'candidates') -Configuration $Configuration
        $before = @(Get-CleanupCandidate -BasePath $demo.Path -WarningAction SilentlyContinue)
        $cleaned = $before[0]
        $null = Invoke-JobCleanup -BasePath $demo.Path -JobId $cleaned.JobId -Force -WarningAction SilentlyContinue
    }

    It 'lists an already-cleaned job with -IncludeKept, kept, with when it was cleaned' {
        $kept = @(Get-CleanupCandidate -BasePath $demo.Path -IncludeKept -WarningAction SilentlyContinue)
        $kept.Count | Should -Be $demo.Jobs
        $entry = $kept | Where-Object JobId -eq $cleaned.JobId
        $entry.Action | Should -Be 'Keep'
        $entry.Reason | Should -BeLike 'already cleaned at *'
        @(Get-CleanupCandidate -BasePath $demo.Path -WarningAction SilentlyContinue).JobId | Should -Not -Contain $cleaned.JobId
    }

    It 'answers for a cleaned id asked by -JobId with -IncludeKept' {
        $entry = Get-CleanupCandidate -BasePath $demo.Path -JobId $cleaned.JobId -IncludeKept
        $entry.JobId | Should -Be $cleaned.JobId
        $entry.Reason | Should -BeLike 'already cleaned at *'
    }

    It 'reports each id the store lacks as ObjectNotFound and still returns the others' {
        $found = @(Get-CleanupCandidate -BasePath $demo.Path -JobId $before[1].JobId, 'no-such-job' -ErrorAction SilentlyContinue -ErrorVariable missing)
        $found.JobId | Should -Be @($before[1].JobId)
        $missing | Should -HaveCount 1
        $missing[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
        $missing[0].TargetObject | Should -Be 'no-such-job'
    }

    It 'evaluates piped ids in one pass over just those jobs, as -JobId does, not one pass over the table each' {
        $ids = @($before | Select-Object -Skip 1 -First 6 | ForEach-Object JobId)
        $ids.Count | Should -Be 6
        $piped = Invoke-WithStreams -ArgumentList (, $ids), $demo.Path -ScriptBlock {
            param($Ids, $Store)
            $Ids | ForEach-Object { [pscustomobject]@{ JobId = $_ } } | Get-CleanupCandidate -BasePath $Store
        }
        $piped.Errors | Should -BeNullOrEmpty
        ($piped.Output.JobId | Sort-Object) | Should -Be ($ids | Sort-Object)
        # Progress counts the jobs evaluated: the six asked for, once, never the whole table.
        $statuses = @($piped.Progress | Where-Object RecordType -eq 'Processing' | ForEach-Object StatusDescription)
        $statuses.Count | Should -BeGreaterThan 0
        $statuses | ForEach-Object { $_ | Should -BeLike '* of 6 jobs' }
        @($piped.Progress | Where-Object RecordType -eq 'Completed').Count | Should -Be 1
    }
}
