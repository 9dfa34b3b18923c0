#Requires -Version 7.0
<#
.SYNOPSIS
Builds, tests and packages the CleanupTools module.

.DESCRIPTION
Build    dotnet build CleanupTools.sln. The PowerShell project copies its output to out/bin, so
         Import-Module ./CleanupTools.psd1 works from the repository root afterwards.
Test     dotnet test CleanupTools.sln, then the Pester specs in tests/Pester when Pester 5 or later is
         installed (in a separate pwsh process, so this session does not load and lock the module's DLLs).
Package  A ready module folder, out/CleanupTools/<version>/: the DLLs from out/bin (the cmdlet assembly, and
         Dependencies/ with the engine, its packages and runtimes/ for the native SQLite library), the format file, en-US help beside the DLL, and a copy of the manifest whose
         RootModule and FormatsToProcess fit that layout. Copy the CleanupTools folder into a PSModulePath
         directory to install it.

Tasks run in the order given. Any failing step stops the script with an error.

.PARAMETER Task
Build, Test, Package, or several of them (-Task Build, Package).

.PARAMETER Configuration
The .NET build configuration. Release by default.

.EXAMPLE
./build.ps1

.EXAMPLE
./build.ps1 -Task Build, Test -Configuration Debug

.EXAMPLE
./build.ps1 -Task Package
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Package')]
    [string[]] $Task = 'Build',

    [ValidateNotNullOrEmpty()]
    [string] $Configuration = 'Release'
)

Set-StrictMode -Version 3.0
$ErrorActionPreference = 'Stop'

$repo = $PSScriptRoot
$solution = Join-Path $repo 'CleanupTools.sln'
$manifestPath = Join-Path $repo 'CleanupTools.psd1'
$outBin = Join-Path $repo 'out/bin'
$cmdletAssembly = 'CleanupTools.PowerShell.dll'

function Invoke-Tool {
    param(
        [Parameter(Mandatory)] [string] $FilePath,
        [string[]] $ArgumentList = @()
    )
    Write-Host "> $FilePath $($ArgumentList -join ' ')" -ForegroundColor Cyan
    & $FilePath @ArgumentList
    if ($LASTEXITCODE -ne 0) {
        throw "'$FilePath $($ArgumentList -join ' ')' failed with exit code $LASTEXITCODE."
    }
}

function Get-ModuleVersion {
    # Directory.Build.props is the single source of the version; the manifest must agree with it.
    $props = [xml] (Get-Content -LiteralPath (Join-Path $repo 'Directory.Build.props') -Raw)
    $node = $props.SelectSingleNode('/Project/PropertyGroup/Version')
    if ($null -eq $node) { throw 'Directory.Build.props has no <Version>.' }
    $version = $node.InnerText.Trim()
    $manifest = Import-PowerShellDataFile -LiteralPath $manifestPath
    if ($manifest.ModuleVersion -ne $version) {
        throw "CleanupTools.psd1 has ModuleVersion '$($manifest.ModuleVersion)' but Directory.Build.props has Version '$version'."
    }
    $version
}

function Invoke-BuildTask {
    Invoke-Tool -FilePath 'dotnet' -ArgumentList @('build', $solution, '--configuration', $Configuration, '--nologo')
    if (-not (Test-Path -LiteralPath (Join-Path $outBin $cmdletAssembly))) {
        throw "The build did not produce out/bin/$cmdletAssembly."
    }
}

function Invoke-TestTask {
    Invoke-Tool -FilePath 'dotnet' -ArgumentList @('test', $solution, '--configuration', $Configuration, '--nologo')

    $pester = Get-Module -ListAvailable -Name Pester |
        Where-Object Version -GE ([version] '5.0.0') |
        Sort-Object Version -Descending |
        Select-Object -First 1
    if ($null -eq $pester) {
        Write-Warning ('Pester 5 or later is not installed, so the PowerShell specs in tests/Pester did not run. ' +
            'Install it with: Install-Module -Name Pester -MinimumVersion 5.0.0 -Scope CurrentUser')
        return
    }

    Write-Host "> Invoke-Pester tests/Pester (Pester $($pester.Version))" -ForegroundColor Cyan
    $pwsh = (Get-Process -Id $PID).Path
    $runner = {
        param([string] $PesterManifest, [string] $TestDirectory, [string] $BuildConfiguration)
        $ErrorActionPreference = 'Stop'
        Import-Module -Name $PesterManifest -Force
        $containers = @(Get-ChildItem -LiteralPath $TestDirectory -Filter '*.Tests.ps1' | ForEach-Object {
                New-PesterContainer -Path $_.FullName -Data @{ Configuration = $BuildConfiguration }
            })
        $config = New-PesterConfiguration
        $config.Run.Container = $containers
        $config.Run.PassThru = $true
        $config.Output.Verbosity = 'Detailed'
        $result = Invoke-Pester -Configuration $config
        if ($result.TotalCount -eq 0) { Write-Host 'Pester ran no tests.'; exit 1 }
        # Exit codes wrap at 256 on Unix, so report pass/fail rather than a count.
        if ($result.Result -ne 'Passed') { exit 1 }
        exit 0
    }
    & $pwsh -NoProfile -NonInteractive -Command $runner -args $pester.Path, (Join-Path $repo 'tests/Pester'), $Configuration
    if ($LASTEXITCODE -ne 0) { throw 'The Pester specs failed; see the output above.' }
}

function Invoke-PackageTask {
    $version = Get-ModuleVersion
    if (-not (Test-Path -LiteralPath (Join-Path $outBin $cmdletAssembly))) {
        Write-Host "out/bin has no $cmdletAssembly yet; building first." -ForegroundColor Yellow
        Invoke-BuildTask
    }

    $target = Join-Path $repo "out/CleanupTools/$version"
    if (Test-Path -LiteralPath $target) { Remove-Item -LiteralPath $target -Recurse -Force }
    $null = New-Item -ItemType Directory -Path $target

    # Binaries in out/bin's layout: the engine and its packages stay in Dependencies/ (with runtimes/<rid>/native),
    # where only the module's private load context finds them; debug symbols stay behind.
    foreach ($file in Get-ChildItem -LiteralPath $outBin -Recurse -File | Where-Object Extension -NE '.pdb') {
        $destination = Join-Path $target ([IO.Path]::GetRelativePath($outBin, $file.FullName))
        $null = New-Item -ItemType Directory -Path (Split-Path -Parent $destination) -Force
        Copy-Item -LiteralPath $file.FullName -Destination $destination
    }

    # Views beside the manifest; MAML and about_ help in en-US/ beside the DLL, where Get-Help looks.
    Copy-Item -LiteralPath (Join-Path $repo 'module/CleanupTools.format.ps1xml') -Destination $target
    $help = Join-Path $target 'en-US'
    $null = New-Item -ItemType Directory -Path $help -Force
    Copy-Item -Path (Join-Path $repo 'module/en-US/*') -Destination $help

    # The manifest, with its two paths rewritten for the flat layout.
    $text = Get-Content -LiteralPath $manifestPath -Raw
    $rootPattern = "(?m)^(\s*RootModule\s*=\s*)'[^']*'"
    $formatPattern = "(?m)^(\s*FormatsToProcess\s*=\s*)@\([^)]*\)"
    if ($text -notmatch $rootPattern -or $text -notmatch $formatPattern) {
        throw 'CleanupTools.psd1 no longer has the RootModule and FormatsToProcess lines this script rewrites.'
    }
    $text = $text -replace $rootPattern, "`${1}'$cmdletAssembly'"
    $text = $text -replace $formatPattern, "`${1}@('CleanupTools.format.ps1xml')"
    $packagedManifest = Join-Path $target 'CleanupTools.psd1'
    [IO.File]::WriteAllText($packagedManifest, $text, [Text.UTF8Encoding]::new($false))

    $packaged = Import-PowerShellDataFile -LiteralPath $packagedManifest
    if ($packaged.RootModule -ne $cmdletAssembly -or "$($packaged.FormatsToProcess)" -ne 'CleanupTools.format.ps1xml') {
        throw "The packaged manifest was not rewritten as expected (RootModule '$($packaged.RootModule)')."
    }
    foreach ($required in $cmdletAssembly, 'CleanupTools.Engine.dll', 'CleanupTools.format.ps1xml',
        "en-US/$cmdletAssembly-Help.xml", 'en-US/about_CleanupTools.help.txt') {
        if (-not (Test-Path -LiteralPath (Join-Path $target $required))) { throw "The package lacks $required." }
    }
    $null = Test-ModuleManifest -Path $packagedManifest
    Write-Host "Module package: $target" -ForegroundColor Green
}

foreach ($step in $Task) {
    switch ($step) {
        'Build' { Invoke-BuildTask }
        'Test' { Invoke-TestTask }
        'Package' { Invoke-PackageTask }
    }
}
