#Requires -Version 7.4
# Issue 9's honest reports, in a real host: which root a variable names when -BasePath is given too, moved bytes
# reported as moved rather than freed, EEMT_CLEANUP_LOG_LEVEL, and what a restore leaves in the job's summary.

param([string] $Configuration = 'Release')

BeforeAll {
    . (Join-Path $PSScriptRoot 'CleanupTools.TestHelpers.ps1')
    $savedEnvironment = Clear-CleanupEnvironment
    Import-Module -Name (Get-ManifestPath) -Force -ErrorAction Stop
}

AfterAll {
    Restore-CleanupEnvironment -Saved $savedEnvironment
}

Describe 'A root named by its own variable and -BasePath' {
    AfterEach {
        Restore-CleanupEnvironment -Saved @{}
    }

    It '$env:EEMT_RESULTS_DIR wins over the results root -BasePath derives, in candidates and in a run' {
        $demo = New-DemoStore -Path (New-DemoPath -Name 'precedence') -Configuration $Configuration
        $moved = Join-Path $TestDrive ('elsewhere-{0}' -f [guid]::NewGuid().ToString('N').Substring(0, 8)) 'results'
        $null = New-Item -ItemType Directory -Path (Split-Path -Parent $moved)
        Move-Item -LiteralPath (Join-Path $demo.Path 'results') -Destination $moved
        $env:EEMT_RESULTS_DIR = $moved

        $results = @(Get-CleanupCandidate -BasePath $demo.Path).Paths | Where-Object { $_ -like '*results*' }
        $results | Should -Not -BeNullOrEmpty
        $results | ForEach-Object { $_ | Should -BeLike ($moved + [IO.Path]::DirectorySeparatorChar + '*') }

        $null = Invoke-JobCleanup -BasePath $demo.Path -Force -WarningAction SilentlyContinue
        $results | ForEach-Object { Test-Path -LiteralPath $_ | Should -BeFalse }
        Test-Path -LiteralPath (Join-Path $demo.Path 'results') | Should -BeFalse
    }

    It 'a -ResultsPath parameter still wins over $env:EEMT_RESULTS_DIR' {
        $demo = New-DemoStore -Path (New-DemoPath -Name 'precedence-param') -Configuration $Configuration
        $env:EEMT_RESULTS_DIR = Join-Path $TestDrive 'not-here'
        $results = @(Get-CleanupCandidate -BasePath $demo.Path -ResultsPath (Join-Path $demo.Path 'results')).Paths | Where-Object { $_ -like '*results*' }
        $results | Should -Not -BeNullOrEmpty
        $results | ForEach-Object { $_ | Should -BeLike ((Join-Path $demo.Path 'results') + [IO.Path]::DirectorySeparatorChar + '*') }
    }
}

Describe 'A quarantine is not space freed' {
    BeforeAll {
        $demo = New-DemoStore -Path (New-DemoPath -Name 'moved') -Configuration $Configuration
        $output = @(Invoke-JobCleanup -BasePath $demo.Path -Quarantine -Force -Summary -WarningAction SilentlyContinue)
        $results = @($output | Where-Object { $_ -is [CleanupTools.CleanupResult] })
        $summary = $output[-1]
    }

    It 'reports each job''s bytes as moved, none as freed' {
        $results | Should -Not -BeNullOrEmpty
        $results.Outcome | Sort-Object -Unique | Should -Be 'Quarantined'
        $results | ForEach-Object { $_.BytesFreed | Should -Be 0; $_.BytesMoved | Should -BeGreaterThan 0 }
    }

    It 'totals them as moved in the run summary, which shows TotalBytesMoved' {
        $summary.TotalBytesFreed | Should -Be 0
        $summary.TotalBytesMoved | Should -Be ($results | Measure-Object BytesMoved -Sum).Sum
        $list = ($summary | Format-List | Out-String -Width 80) -split "`r?`n"
        $list | Where-Object { $_ -match '^TotalBytesMoved\s+:\s+(\d+)$' } | Should -HaveCount 1
        $Matches[1] | Should -Be "$($summary.TotalBytesMoved)"
    }

    It 'records moved bytes in the audit rows, and freed only on real deletions' {
        $history = @(Get-CleanupHistory -BasePath $demo.Path -RunId $summary.RunId)
        $jobs = @($history | Where-Object TargetKind -eq 'job')
        ($jobs | Measure-Object BytesMoved -Sum).Sum | Should -Be $summary.TotalBytesMoved
        ($jobs | Measure-Object BytesFreed -Sum).Sum | Should -Be 0
        @($history | Where-Object TargetKind -eq 'run')[0].BytesFreed | Should -Be 0
    }
}

Describe 'EEMT_CLEANUP_LOG_LEVEL' {
    BeforeAll {
        # The demo store holds a job with an unreadable completion time: every call warns about it once.
        $demo = New-DemoStore -Path (New-DemoPath -Name 'loglevel') -Configuration $Configuration
        function Get-Detail { param([scriptblock] $Call) @(& $Call 6>&1 | Where-Object { $_ -is [System.Management.Automation.InformationRecord] -and $_.Tags -contains 'CleanupTools.Verbose' }) }
        function Get-Warning { param([scriptblock] $Call) @(& $Call 3>&1 | Where-Object { $_ -is [System.Management.Automation.WarningRecord] }) }
    }

    AfterEach {
        $env:EEMT_CLEANUP_LOG_LEVEL = $null
        $env:CLEANUPTOOLS_LOG_LEVEL = $null
    }

    It 'refuses a bad value with a terminating error that names the variable' {
        $env:EEMT_CLEANUP_LOG_LEVEL = 'LOUD'
        { Get-CleanupCandidate -BasePath $demo.Path } | Should -Throw -ErrorId 'InvalidCleanupConfiguration*' -ExpectedMessage "*EEMT_CLEANUP_LOG_LEVEL must be DEBUG, INFO, WARNING or ERROR (got 'LOUD')*"
    }

    It 'DEBUG (any case) shows the -Verbose detail without -Verbose; INFO does not' {
        $env:EEMT_CLEANUP_LOG_LEVEL = 'Debug'
        $detail = Get-Detail { Get-CleanupCandidate -BasePath $demo.Path }
        $detail | Should -Not -BeNullOrEmpty
        "$($detail[0])" | Should -BeLike 'VERBOSE: Job *'
        $env:EEMT_CLEANUP_LOG_LEVEL = 'info'
        Get-Detail { Get-CleanupCandidate -BasePath $demo.Path } | Should -BeNullOrEmpty
    }

    It '-Verbose:$false beats DEBUG' {
        $env:EEMT_CLEANUP_LOG_LEVEL = 'DEBUG'
        Get-Detail { Get-CleanupCandidate -BasePath $demo.Path -Verbose:$false } | Should -BeNullOrEmpty
    }

    It 'ERROR hides warnings, unless -WarningAction asks for them; WARNING keeps them' {
        $env:EEMT_CLEANUP_LOG_LEVEL = 'ERROR'
        Get-Warning { Get-CleanupCandidate -BasePath $demo.Path } | Should -BeNullOrEmpty
        Get-Warning { Get-CleanupCandidate -BasePath $demo.Path -WarningAction Continue } | Should -Not -BeNullOrEmpty
        $env:EEMT_CLEANUP_LOG_LEVEL = 'warning'
        Get-Warning { Get-CleanupCandidate -BasePath $demo.Path } | Should -Not -BeNullOrEmpty
    }
}

Describe 'Wording' {
    It 'says "retention of 1 day", not "1 days", in a candidate''s reason' {
        $demo = New-DemoStore -Path (New-DemoPath -Name 'wording') -Configuration $Configuration
        $reasons = @(Get-CleanupCandidate -BasePath $demo.Path -SuccessRetention 1.00:00:00 -WarningAction SilentlyContinue).Reason
        $reasons | Where-Object { $_ -like '*successful_jobs retention of 1 day (24 h)*' } | Should -Not -BeNullOrEmpty
        $reasons | Where-Object { $_ -like '*retention of 1 days*' } | Should -BeNullOrEmpty
    }
}
