#Requires -Version 7.4
# The README's PowerShell examples and its scheduled-task line, run as written in a fresh pwsh, each paragraph of a
# block (after the block's first, which imports the module) against a demo store of its own, with only the paths swapped: /srv/eemt for a demo store, /var/lib/pipeline/ops for an empty directory, ./to-clean.csv for a CSV of two
# of the demo's job ids, /opt/cleanuptools for this repository, and the example job id for one of the demo's jobs.

param([string] $Configuration = 'Release')

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'CleanupTools.TestHelpers.ps1')
    $readme = Get-Content -LiteralPath (Join-Path (Get-RepoRoot) 'README.md') -Raw
    $blocks = @([regex]::Matches($readme, '(?ms)^```powershell\r?\n(.*?)^```') | ForEach-Object { $_.Groups[1].Value })
    $examples = foreach ($block in $blocks) {
        $paragraphs = @($block -split '(?:\r?\n){2,}' | Where-Object { $_.Trim() })
        # A block that begins by importing the module: that paragraph runs before each of the others.
        $preamble = if ($paragraphs.Count -gt 1 -and $paragraphs[0] -match 'Import-Module') { $paragraphs[0] } else { '' }
        foreach ($paragraph in $paragraphs | Where-Object { -not $preamble -or $_ -ne $preamble }) {
            @{ Title = ($paragraph -split '\r?\n')[0]; Code = "$preamble`n$paragraph" }
        }
    }
    for ($i = 0; $i -lt $examples.Count; $i++) { $examples[$i].Number = $i + 1 }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'CleanupTools.TestHelpers.ps1')
    $savedEnvironment = Clear-CleanupEnvironment
}

AfterAll {
    Restore-CleanupEnvironment -Saved $savedEnvironment
}

Describe 'README PowerShell examples' {
    It 'has the examples this spec runs' -TestCases @{ Count = $examples.Count } {
        $Count | Should -BeGreaterOrEqual 8
    }

    It 'runs example <Number> (<Title>) as written, without an error' -ForEach $examples {
        $demo = New-DemoStore -Path (New-DemoPath -Name "readme-$Number") -Configuration $Configuration
        $jobs = @(dotnet (Get-CliDll -Configuration $Configuration) candidates --base-dir $demo.Path --json 2>$null | ConvertFrom-Json)
        $ops = Join-Path $TestDrive "ops-$Number"
        $null = New-Item -ItemType Directory -Path $ops -Force
        $csv = Join-Path $TestDrive "to-clean-$Number.csv"
        $jobs | Select-Object -First 2 @{ Name = 'JobId'; Expression = { $_.job_id } } | Export-Csv -LiteralPath $csv -NoTypeInformation

        $code = $Code.Replace('/srv/eemt', $demo.Path).Replace('/var/lib/pipeline/ops', $ops).Replace('./to-clean.csv', $csv).
            Replace('/opt/cleanuptools', (Get-RepoRoot)).Replace('job-20240120-123456', $jobs[0].job_id)
        # The scheduled-task line starts pwsh itself: the one the tests run under.
        $code = [regex]::Replace($code, '(?m)^pwsh ', "& '$(Get-PwshPath)' ")

        # A child pwsh in the repository root (Import-Module ./CleanupTools.psd1), answering every confirmation with
        # yes ($ConfirmPreference None); the examples' own -WhatIf and -Force stay as written.
        $script = Join-Path $TestDrive "readme-$Number.ps1"
        Set-Content -LiteralPath $script -Value @"
`$ErrorActionPreference = 'Continue'
`$ConfirmPreference = 'None'
`$ProgressPreference = 'SilentlyContinue'
Set-Location -LiteralPath '$(Get-RepoRoot)'
`$Error.Clear()
$code
if (`$LASTEXITCODE) { Write-Output "EXIT `$LASTEXITCODE"; exit 1 }
if (`$Error.Count) { `$Error | ForEach-Object { Write-Output "ERROR `$_ AT `$(`$_.InvocationInfo.PositionMessage)" }; exit 1 }
exit 0
"@
        $output = & (Get-PwshPath) -NoProfile -NonInteractive -File $script 2>&1
        $LASTEXITCODE | Should -Be 0 -Because ($output | Where-Object { "$_" -like 'ERROR *' -or "$_" -like 'EXIT *' } | Out-String)
    }
}
