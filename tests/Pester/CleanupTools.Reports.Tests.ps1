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
