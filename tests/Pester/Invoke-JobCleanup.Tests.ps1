#Requires -Version 7.4
# Invoke-JobCleanup in a real host: where piped candidates are acted on, what -ErrorAction does to a run, and what a
# stopped run leaves in the store. The basics (-WhatIf, -DryRun, -Force, binding) are in CleanupTools.Cmdlets.Tests.ps1.

param([string] $Configuration = 'Release')

BeforeAll {
    . (Join-Path $PSScriptRoot 'CleanupTools.TestHelpers.ps1')
    $savedEnvironment = Clear-CleanupEnvironment
    Import-Module -Name (Get-ManifestPath) -Force -ErrorAction Stop
}

AfterAll {
    Restore-CleanupEnvironment -Saved $savedEnvironment
}

Describe 'Invoke-JobCleanup with piped candidates' {
    BeforeEach {
        $demo = New-DemoStore -Path (New-DemoPath -Name 'origin') -Configuration $Configuration
        $candidates = @(Get-CleanupCandidate -BasePath $demo.Path -WarningAction SilentlyContinue)
        $elsewhere = Join-Path $TestDrive ('cwd-' + [guid]::NewGuid().ToString('N').Substring(0, 8))
        $null = New-Item -ItemType Directory -Path $elsewhere
        Push-Location -LiteralPath $elsewhere
    }

    AfterEach {
        Pop-Location
    }

    It 'acts on the store the candidates came from, whatever the current directory (the README''s pipeline)' {
        $candidates.Count | Should -BeGreaterThan 0
        $candidates[0].Origin.Description | Should -Be "SQLite $(Join-Path $demo.Path 'jobs.db')"
        $results = @($candidates | Invoke-JobCleanup -Force -WarningAction SilentlyContinue)
        ($results.JobId | Sort-Object) | Should -Be ($candidates.JobId | Sort-Object)
        $results.Outcome | Sort-Object -Unique | Should -Be 'Deleted'
        foreach ($path in $candidates.Paths) { Test-Path -LiteralPath $path | Should -BeFalse }
        # Nothing was created where the caller stood: no store was guessed there.
        Get-ChildItem -LiteralPath $elsewhere -Force | Should -BeNullOrEmpty
        Get-CleanupCandidate -BasePath $demo.Path -WarningAction SilentlyContinue | Should -BeNullOrEmpty
    }

    It 'refuses, item by item, candidates of another store than the first one, and leaves that store untouched' {
        $other = New-DemoStore -Path (New-DemoPath -Name 'other') -Configuration $Configuration
        $foreign = @(Get-CleanupCandidate -BasePath $other.Path -WarningAction SilentlyContinue)
        $otherBefore = Get-StoreSnapshot -Path $other.Path

        $results = @(@($candidates) + @($foreign) | Invoke-JobCleanup -Force -ErrorAction SilentlyContinue -ErrorVariable refused -WarningAction SilentlyContinue)

        ($results.JobId | Sort-Object) | Should -Be ($candidates.JobId | Sort-Object)
        $refused | Should -HaveCount $foreign.Count
        $refused.FullyQualifiedErrorId | Sort-Object -Unique | Should -Be 'CandidateFromAnotherStore,CleanupTools.PowerShell.Cmdlets.InvokeJobCleanupCommand'
        $refused.CategoryInfo.Category | Sort-Object -Unique | Should -Be 'InvalidArgument'
        "$($refused[0])" | Should -BeLike "*$($other.Path)*"
        Get-StoreSnapshot -Path $other.Path | Should -Be $otherBefore
    }

    It 'refuses candidates of another store than the one -BasePath names, and deletes nothing in either' {
        $other = New-DemoStore -Path (New-DemoPath -Name 'named') -Configuration $Configuration
        $before = Get-StoreSnapshot -Path $demo.Path
        $otherBefore = Get-StoreSnapshot -Path $other.Path
        $results = @($candidates | Invoke-JobCleanup -BasePath $other.Path -Force -ErrorAction SilentlyContinue -ErrorVariable refused)
        $results | Should -BeNullOrEmpty
        $refused | Should -HaveCount $candidates.Count
        Get-StoreSnapshot -Path $demo.Path | Should -Be $before
        # The named store was opened for the run, and nothing in it was deleted.
        @(Get-StoredFile -Path $other.Path) | Should -Be @($otherBefore | ForEach-Object { Join-Path $other.Path ($_ -split ' ')[0] } |
                Where-Object { $_ -match '[/\\](results|uploads|temp)[/\\]' } | Sort-Object -CaseSensitive)
    }

    It 'binds ids without a store (Import-Csv) to the store -BasePath names' {
        $csv = Join-Path $TestDrive ('ids-{0}.csv' -f [guid]::NewGuid().ToString('N').Substring(0, 8))
        $candidates | Select-Object -First 2 JobId | Export-Csv -LiteralPath $csv -NoTypeInformation
        $results = @(Import-Csv -LiteralPath $csv | Invoke-JobCleanup -BasePath $demo.Path -Force)
        $results.JobId | Should -Be @($candidates[0].JobId, $candidates[1].JobId)
        $results.Outcome | Sort-Object -Unique | Should -Be 'Deleted'
    }
}

Describe 'Invoke-JobCleanup and -ErrorAction' {
    BeforeEach {
        $demo = New-DemoStore -Path (New-DemoPath -Name 'erroraction') -Configuration $Configuration
        $candidates = @(Get-CleanupCandidate -BasePath $demo.Path -WarningAction SilentlyContinue)
        # The run takes jobs in the order the preview lists them: the second one fails.
        $failing = $candidates[1]
        $stuck = Get-ChildItem -LiteralPath $failing.Paths[0] -Recurse -File | Select-Object -First 1
        Set-Undeletable -File $stuck.FullName
    }

    AfterEach {
        Clear-Undeletable -Root $demo.Path
    }

    It '-ErrorAction Stop ends the run at the first failure: the jobs before it done and recorded, none after it touched' {
        $before = @(Get-StoredFile -Path $demo.Path)
        $stopped = $null
        try { $null = Invoke-JobCleanup -BasePath $demo.Path -Force -ErrorAction Stop -WarningAction SilentlyContinue }
        catch { $stopped = $_ }

        $stopped | Should -Not -BeNullOrEmpty
        $stopped.FullyQualifiedErrorId | Should -BeLike 'JobCleanupFailed,*'
        $stopped.TargetObject | Should -Be $failing.JobId

        # The first job is gone and recorded; the failing one is recorded as it ended; the rest are as they were.
        foreach ($path in $candidates[0].Paths) { Test-Path -LiteralPath $path | Should -BeFalse }
        Test-Path -LiteralPath $stuck.FullName | Should -BeTrue
        foreach ($later in $candidates | Select-Object -Skip 2) {
            foreach ($file in $before | Where-Object { Test-Below -File $_ -Target $later.Paths }) { Test-Path -LiteralPath $file | Should -BeTrue }
        }
        $history = @(Get-CleanupHistory -BasePath $demo.Path)
        $jobs = @($history | Where-Object JobId)
        ($jobs.JobId | Sort-Object) | Should -Be (@($candidates[0].JobId, $failing.JobId) | Sort-Object)
        ($jobs | Where-Object JobId -eq $candidates[0].JobId).Outcome | Should -Be 'Deleted'
        ($jobs | Where-Object JobId -eq $failing.JobId).Outcome | Should -BeIn 'Partial', 'Failed'
        # The run says it did not finish, and let go of its lock: the next run completes the store.
        ($history | Where-Object { -not $_.JobId -and $_.Action -eq 'Run' }).Outcome | Should -Be 'Stopped'
        Clear-Undeletable -Root $demo.Path
        $next = @(Invoke-JobCleanup -BasePath $demo.Path -Force -WarningAction SilentlyContinue)
        ($next.JobId | Sort-Object) | Should -Be (@($candidates | Select-Object -Skip 1 | ForEach-Object JobId) | Sort-Object)
    }

    It '-ErrorAction SilentlyContinue collects the failure in -ErrorVariable and cleans every other job' {
        $results = @(Invoke-JobCleanup -BasePath $demo.Path -Force -ErrorAction SilentlyContinue -ErrorVariable failures -WarningAction SilentlyContinue)
        $failures | Should -HaveCount 1
        $failures[0].CategoryInfo.Category | Should -Be 'WriteError'
        $failures[0].TargetObject | Should -Be $failing.JobId
        ($results.JobId | Sort-Object) | Should -Be ($candidates.JobId | Sort-Object)
        ($results | Where-Object JobId -ne $failing.JobId).Outcome | Sort-Object -Unique | Should -Be 'Deleted'
        (Get-CleanupHistory -BasePath $demo.Path | Where-Object { -not $_.JobId -and $_.Action -eq 'Run' }).Outcome | Should -Be 'CompletedWithErrors'
    }
}

Describe 'Invoke-JobCleanup output' {
    It 'warns once about the schema changes of a store it writes to first, with the details under -Verbose, and advises in cmdlets' {
        $demo = New-DemoStore -Path (New-DemoPath -Name 'schema') -Configuration $Configuration
        $run = Invoke-WithStreams -ArgumentList $demo.Path -ScriptBlock {
            param($Store)
            Invoke-JobCleanup -BasePath $Store -Force -Verbose -WarningAction Continue
        }
        $schema = @($run.Warnings | Where-Object { "$_" -like "Changed the store's schema*" })
        $schema | Should -HaveCount 1
        "$($schema[0])" | Should -BeLike "*$($demo.Path)*: * changes (-Verbose lists them)."
        @($run.Verbose | Where-Object { "$_" -like "Changed the store's schema: added column*data_cleaned_at*" }).Count | Should -Be 1
        # Advice names the module's cmdlets (the CLI names its own commands).
        @($run.Verbose | Where-Object { "$_" -like 'Policy dbt_logs has no root*(Set-RetentionPolicy -Name dbt_logs -Root <directory>).' }).Count | Should -Be 1
        # Each decision is explained under -Verbose.
        @($run.Verbose | Where-Object { "$_" -like 'Job *: cleaning (*' }).Count | Should -Be @($run.Output | Where-Object Outcome -eq 'Deleted').Count
    }

    It 'reports progress over a run of more than a handful of jobs, and completes it' {
        $demo = New-DemoStore -Path (New-DemoPath -Name 'progress') -Configuration $Configuration
        $run = Invoke-WithStreams -ArgumentList $demo.Path -ScriptBlock {
            param($Store)
            Invoke-JobCleanup -BasePath $Store -Force -WarningAction SilentlyContinue
        }
        $run.Errors | Should -BeNullOrEmpty
        $run.Progress.Count | Should -BeGreaterThan 1
        $run.Progress[0].Activity | Should -Be 'Cleaning up job data'
        $run.Progress[-1].RecordType | Should -Be 'Completed'
    }
}
