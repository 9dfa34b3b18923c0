#Requires -Version 7.4
<#
.SYNOPSIS
Runs every *.Tests.ps1 spec in this folder with Pester 5 against the built module, and reports the counts.

.DESCRIPTION
scripts/test.sh (the README's test command) and ./build.ps1 -Task Test run it in the PowerShell that
scripts/install-test-tools.sh installs. Exits 1 when any test, block or container failed, or when nothing ran.

.PARAMETER PesterPath
Pester.psd1 to import (default: $env:CLEANUPTOOLS_PESTER, else the newest Pester 5 on PSModulePath).

.PARAMETER CountsPath
Where to write one line, "<passed> <failed> <skipped>", for the caller's closing total.

.PARAMETER ResultPath
Where to write the NUnit XML report.
#>
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    [string] $PesterPath = $env:CLEANUPTOOLS_PESTER,
    [string] $CountsPath,
    [string] $ResultPath,
    [ValidateSet('None', 'Normal', 'Detailed', 'Diagnostic')]
    [string] $Verbosity = 'Normal'
)

$ErrorActionPreference = 'Stop'

if ($PesterPath) {
    Import-Module -Name (Resolve-Path -LiteralPath $PesterPath).ProviderPath -Force
}
else {
    $available = Get-Module -ListAvailable -Name Pester | Where-Object Version -GE ([version] '5.0.0') |
        Sort-Object Version -Descending | Select-Object -First 1
    if ($null -eq $available) { throw 'Pester 5 was not found: run scripts/install-test-tools.sh, or pass -PesterPath.' }
    Import-Module -Name $available.Path -Force
}

$containers = @(Get-ChildItem -LiteralPath $PSScriptRoot -Filter '*.Tests.ps1' | Sort-Object Name | ForEach-Object {
        New-PesterContainer -Path $_.FullName -Data @{ Configuration = $Configuration }
    })
$config = New-PesterConfiguration
$config.Run.Container = $containers
$config.Run.PassThru = $true
$config.Output.Verbosity = $Verbosity
if ($ResultPath) {
    $config.TestResult.Enabled = $true
    $config.TestResult.OutputFormat = 'NUnitXml'
    $config.TestResult.OutputPath = $ResultPath
}
$result = Invoke-Pester -Configuration $config

# A failed BeforeAll fails its block or container without failing a test: count each such failure too.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
if ($CountsPath) {
    Set-Content -LiteralPath $CountsPath -Value ('{0} {1} {2}' -f $result.PassedCount, $failed, $result.SkippedCount)
}
Write-Host ('Pester: {0} passed, {1} failed, {2} skipped' -f $result.PassedCount, $failed, $result.SkippedCount)
if ($result.TotalCount -eq 0 -or $failed -gt 0) { exit 1 }
exit 0
