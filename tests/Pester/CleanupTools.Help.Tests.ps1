#Requires -Version 7.4
# The module's help as a user meets it: Get-Help in a real PowerShell renders every exported cmdlet's MAML
# (module/en-US/CleanupTools.PowerShell.dll-Help.xml) with a written synopsis and description, a description for every
# parameter, switches shown as switches, and examples that work: each example's code is run against a demo store
# written by `cleanuptools demo`, with the installation paths it names (/srv/eemt, ...) replaced by that store's.

param([string] $Configuration = 'Release')

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'CleanupTools.TestHelpers.ps1')
    # Read in a child pwsh: an import here, before the run phase's imports, would load the module twice before its
    # first use in this process, for every test file of the suite.
    $discovered = Invoke-PwshJson -ArgumentList (Get-ManifestPath) -ScriptBlock {
        param($Manifest)
        Import-Module -Name $Manifest
        $cmdlets = foreach ($command in Get-Command -Module CleanupTools -CommandType Cmdlet | Sort-Object Name) {
            [pscustomobject]@{
                Name     = $command.Name
                Examples = @((Get-Help -Name $command.Name -Full).examples.example | ForEach-Object {
                        [pscustomobject]@{ Title = ($_.title -replace '^[-\s]+|[-\s]+$', ''); Code = [string] $_.code }
                    })
            }
        }
        ConvertTo-Json -InputObject @($cmdlets) -Depth 4 -Compress
    }
    $cmdlets = foreach ($cmdlet in $discovered) {
        $number = 0
        @{
            Name     = $cmdlet.Name
            Examples = @(foreach ($example in $cmdlet.Examples) { $number++; @{ Number = $number; Title = $example.Title; Code = $example.Code } })
        }
    }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'CleanupTools.TestHelpers.ps1')
    $savedEnvironment = Clear-CleanupEnvironment
    Import-Module -Name (Get-ManifestPath) -Force -ErrorAction Stop
    $savedCulture = [cultureinfo]::CurrentUICulture
    [cultureinfo]::CurrentUICulture = 'en-US'

    # One demo store for all examples, copied for each: the demo's rows name no absolute path, so a copy is a store
    # of its own, and copying is much faster than writing a new one.
    $template = New-DemoStore -Path (New-DemoPath -Name 'example-template') -Configuration $Configuration

    # What an example may rely on in an installation: a quarantined job (the examples' job-20240611-101500, whose
    # backup the Restore-CleanupBackup examples restore, under the run the examples call 20240612T030000Z-1a2b3c),
    # three holds (Remove-CleanupHold -Id 3), a second installation (/srv/eemt-test) and, in the current directory,
    # the files the examples read: a reference cleanup_config.yaml, an exported policies.yaml and an expired.csv.
    # Everything lives below one folder, which the example's test removes: a TestDrive that kept every example's
    # stores would cost Pester seconds per test to scan.
    function New-ExampleInstallation {
        param([Parameter(Mandatory)] [string] $Code)
        $root = New-DemoPath -Name 'example'
        $null = New-Item -ItemType Directory -Path $root
        $store = Join-Path $root 'eemt'
        Copy-Item -LiteralPath $template.Path -Destination $store -Recurse
        $other = Join-Path $root 'eemt-test'
        if ($Code.Contains('/srv/eemt-test')) { Copy-Item -LiteralPath $template.Path -Destination $other -Recurse }

        $candidates = @(Get-CleanupCandidate -BasePath $store -WarningAction SilentlyContinue | Where-Object Status -eq 'Completed')
        $job = $candidates[0].JobId
        $run = Invoke-JobCleanup -BasePath $store -JobId $job -Quarantine -Force -Summary -WarningAction SilentlyContinue | Select-Object -Last 1
        $null = Add-CleanupHold -BasePath $store -JobId $job -Reason 'Example: quarantined job' -WarningAction SilentlyContinue
        $null = Add-CleanupHold -BasePath $store -JobId $candidates[1].JobId -Reason 'Example: second job'
        $null = Add-CleanupHold -BasePath $store -Path (Join-Path $store 'uploads/held_*.tif') -Reason 'Example: path'

        $work = Join-Path $root 'work'
        $null = New-Item -ItemType Directory -Path $work
        if ($Code.Contains('./cleanup_config.yaml')) {
            Copy-Item -LiteralPath (Join-Path (Get-RepoRoot) 'tests/CleanupTools.Tests/PolicyFiles/Reference/000_cleanup_config.yaml') -Destination (Join-Path $work 'cleanup_config.yaml')
        }
        if ($Code.Contains('./expired.csv')) {
            Get-CleanupCandidate -BasePath $store -WarningAction SilentlyContinue | Select-Object JobId | Export-Csv -LiteralPath (Join-Path $work 'expired.csv')
        }
        # An example that exports policies.yaml itself must find no file there: an export does not overwrite without -Force.
        if ($Code.Contains('./policies.yaml') -and $Code -notmatch 'Export-RetentionPolicy\b[^\n]*-Path \./policies\.yaml') {
            Export-RetentionPolicy -BasePath $store -Path (Join-Path $work 'policies.yaml')
        }

        [pscustomobject]@{ Root = $root; Store = $store; Other = $other; JobId = $job; RunId = $run.RunId; WorkingDirectory = $work }
    }

    # The example's code for an installation: the paths, ids and commands it names replaced by the installation's.
    function Resolve-ExampleCode {
        param([Parameter(Mandatory)] [string] $Code, [Parameter(Mandatory)] $Installation)
        foreach ($path in $Installation.Store, $Installation.Other) {
            if ($path -match '\s') { throw "The example store path '$path' has white space: the examples do not quote their paths." }
        }
        $resolved = $Code.Replace('/srv/eemt-test', $Installation.Other).Replace('/srv/eemt', $Installation.Store)
        $resolved = $resolved.Replace('job-20240611-101500', $Installation.JobId).Replace('20240612T030000Z-1a2b3c', $Installation.RunId)
        # The test's own PowerShell, whatever is on PATH.
        $resolved -replace '(?m)^pwsh ', ("& '{0}' " -f (Get-PwshPath).Replace("'", "''"))
    }
}

AfterAll {
    [cultureinfo]::CurrentUICulture = $savedCulture
    Restore-CleanupEnvironment -Saved $savedEnvironment
}

Describe 'Get-Help <Name>' -ForEach $cmdlets {
    BeforeAll {
        $help = Get-Help -Name $Name -Full
        $command = Get-Command -Name $Name
        $parameterNames = @($command.Parameters.Keys | Where-Object { $_ -notin [System.Management.Automation.PSCmdlet]::CommonParameters })
        $syntaxText = $help.syntax | Out-String -Width 4096
    }

    It 'has a written synopsis, not the generated one' {
        $synopsis = "$($help.Synopsis)".Trim()
        $synopsis | Should -Not -BeNullOrEmpty
        # Without MAML, Get-Help makes the synopsis of the syntax: the cmdlet name followed by its parameters.
        $synopsis | Should -Not -Match ([regex]::Escape($Name))
        $synopsis | Should -Not -Match '\[-\w+'
        $synopsis | Should -Match '^[A-Z].*\.$'
    }

    It 'has a written description' {
        $description = ($help.description.Text -join "`n").Trim()
        $description | Should -Not -BeNullOrEmpty
        $description.Length | Should -BeGreaterThan 100
        $description | Should -Not -Be "$($help.Synopsis)".Trim()
    }

    It 'describes every parameter of the cmdlet' {
        $documented = @{}
        foreach ($parameter in $help.parameters.parameter) { $documented[$parameter.name] = ($parameter.description.Text -join ' ').Trim() }
        $parameterNames.Count | Should -BeGreaterThan 0
        foreach ($parameterName in $parameterNames) {
            $documented.ContainsKey($parameterName) | Should -BeTrue -Because "-$parameterName needs an entry in the help"
            $documented[$parameterName] | Should -Not -BeNullOrEmpty -Because "-$parameterName needs a description"
        }
    }

    It 'documents no parameter the cmdlet does not have, and none twice' {
        $names = @($help.parameters.parameter.name)
        foreach ($documentedName in $names) { $documentedName | Should -BeIn $parameterNames -Because "the help documents -$documentedName" }
        $names | Group-Object | Where-Object Count -GT 1 | ForEach-Object Name | Should -BeNullOrEmpty
    }

    It 'shows switch parameters as switches in the syntax' {
        $syntaxText | Should -Not -Match '<SwitchParameter>'
        $switches = @($command.Parameters.Values | Where-Object { $_.SwitchParameter -and $_.Name -notin [System.Management.Automation.PSCmdlet]::CommonParameters })
        foreach ($switch in $switches) {
            $syntaxText | Should -Match ('\[-{0}\]' -f $switch.Name) -Because "-$($switch.Name) is a switch"
        }
    }

    It 'has at least one example' {
        $Examples.Count | Should -BeGreaterThan 0
    }

    It 'example <Number> (<Title>) runs against a demo store without an error' -ForEach $Examples {
        $installation = New-ExampleInstallation -Code $Code
        $block = [scriptblock]::Create((Resolve-ExampleCode -Code $Code -Installation $installation))
        $handlesErrors = $Code -match '-ErrorVariable|\bcatch\b'
        $startsPwsh = $Code -match '(?m)^pwsh '
        $savedModulePath = $env:PSModulePath
        if ($startsPwsh) {
            # The child pwsh of a scheduled-run example imports the module by name: a module folder links to this one.
            $modules = Join-Path $installation.Root 'modules'
            $link = New-Item -ItemType SymbolicLink -Path (Join-Path $modules 'CleanupTools') -Target (Get-RepoRoot) -Force
            $env:PSModulePath = $modules + [IO.Path]::PathSeparator + $env:PSModulePath
        }
        Push-Location -LiteralPath $installation.WorkingDirectory
        try {
            $global:LASTEXITCODE = 0
            $Error.Clear()
            $streamed = [System.Collections.Generic.List[object]]::new()
            # As a console would run it, with a user who answers every prompt with yes and reads no warnings (this
            # test's scope only); formatted, so that an output that cannot be shown fails too. Errors written to the
            # error stream (a child program's standard error included) are what a user would see in red.
            $ConfirmPreference = 'None'
            $WarningPreference = 'SilentlyContinue'
            $output = & $block 2>&1 |
                ForEach-Object { if ($_ -is [System.Management.Automation.ErrorRecord]) { $streamed.Add($_) } else { $_ } } |
                Out-String -Width 200
            $recorded = @($Error)
            $exitCode = $global:LASTEXITCODE
        }
        finally {
            Pop-Location
            $env:PSModulePath = $savedModulePath
            # The link alone first, never what it points at.
            if ($startsPwsh) { $link.Delete() }
            Remove-Item -LiteralPath $installation.Root -Recurse -Force
        }
        $streamed | Should -HaveCount 0 -Because "the example wrote these errors: $($streamed -join '; ')`n$output"
        if (-not $handlesErrors) {
            # Not even an error that was silenced: only an example that shows error handling (-ErrorVariable with
            # -ErrorAction SilentlyContinue, try/catch) may record the errors it handles, as long as none reaches the user.
            $recorded | Should -HaveCount 0 -Because "the example recorded these errors: $($recorded -join '; ')`n$output"
        }
        $exitCode | Should -Be 0 -Because "a program the example started failed:`n$output"
    }
}

Describe 'Get-Help about_CleanupTools' {
    It 'shows the module''s about topic' {
        $about = Get-Help -Name about_CleanupTools | Out-String
        $about | Should -Match 'about_CleanupTools'
        $about | Should -Match 'SHORT DESCRIPTION'
        $about | Should -Match 'Invoke-JobCleanup'
    }
}
