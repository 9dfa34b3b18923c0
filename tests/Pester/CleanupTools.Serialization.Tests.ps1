#Requires -Version 7.4
# Every output type leaves PowerShell the ways admins send it on: ConvertTo-Json (reports, web hooks) and Export-Csv
# (spreadsheets), with its properties intact, without errors or truncation warnings, and without anything secret.

param([string] $Configuration = 'Release')

BeforeAll {
    . (Join-Path $PSScriptRoot 'CleanupTools.TestHelpers.ps1')
    $savedEnvironment = Clear-CleanupEnvironment
    Import-Module -Name (Get-ManifestPath) -Force -ErrorAction Stop

    $demo = New-DemoStore -Path (New-DemoPath -Name 'serialize') -Configuration $Configuration
    $objects = @{}
    $objects['CleanupTools.CleanupCandidate'] = @(Get-CleanupCandidate -BasePath $demo.Path -IncludeKept -WarningAction SilentlyContinue)
    $objects['CleanupTools.RetentionPolicy'] = @(Get-RetentionPolicy -BasePath $demo.Path)
    $objects['CleanupTools.StorageStat'] = @(Get-StorageStat -BasePath $demo.Path)
    $objects['CleanupTools.CleanupHold'] = @(Add-CleanupHold -BasePath $demo.Path -JobId $objects['CleanupTools.CleanupCandidate'][0].JobId -Reason 'kept "for" the paper, 2026' -WarningAction SilentlyContinue)
    $run = @(Invoke-JobCleanup -BasePath $demo.Path -Force -Summary -WarningAction SilentlyContinue)
    $objects['CleanupTools.CleanupResult'] = @($run | Where-Object { $_.PSObject.TypeNames[0] -eq 'CleanupTools.CleanupResult' })
    $objects['CleanupTools.CleanupRunSummary'] = @($run | Where-Object { $_.PSObject.TypeNames[0] -eq 'CleanupTools.CleanupRunSummary' })
    $objects['CleanupTools.CleanupAuditEntry'] = @(Get-CleanupHistory -BasePath $demo.Path)
}

AfterAll {
    Restore-CleanupEnvironment -Saved $savedEnvironment
}

Describe 'Serializing <_>' -ForEach @('CleanupTools.CleanupCandidate', 'CleanupTools.CleanupResult', 'CleanupTools.CleanupRunSummary',
    'CleanupTools.StorageStat', 'CleanupTools.RetentionPolicy', 'CleanupTools.CleanupHold', 'CleanupTools.CleanupAuditEntry') {
    BeforeAll {
        $typeName = $_
        $items = $objects[$typeName]
        $properties = @($items[0].PSObject.Properties | Where-Object MemberType -in 'Property', 'NoteProperty', 'ScriptProperty' | ForEach-Object Name)
    }

    It 'has objects of that type to serialize' {
        $items.Count | Should -BeGreaterThan 0
        $items | ForEach-Object { $_.PSObject.TypeNames[0] | Should -Be $typeName }
    }

    It 'round-trips through ConvertTo-Json with every property and no warning' {
        $json = $items | ConvertTo-Json -Depth 5 -WarningVariable truncated -WarningAction SilentlyContinue
        $truncated | Should -BeNullOrEmpty
        $back = @($json | ConvertFrom-Json)
        $back.Count | Should -Be $items.Count
        foreach ($name in $properties) { $back[0].PSObject.Properties.Name | Should -Contain $name }
        # Scalars come back as they were (strings, numbers, enums by name through -EnumsAsStrings below).
        $named = @($items | ConvertTo-Json -Depth 5 -EnumsAsStrings | ConvertFrom-Json)
        foreach ($name in $properties) {
            $value = $items[0].$name
            if ($value -is [string] -or $value -is [int] -or $value -is [long] -or $value -is [bool] -or $value -is [enum]) {
                "$($named[0].$name)" | Should -Be "$value" -Because "property $name"
            }
        }
    }

    It 'exports to CSV with a column per property and a row per object' {
        $csv = Join-Path $TestDrive "$typeName.csv"
        $items | Export-Csv -LiteralPath $csv -NoTypeInformation
        $rows = @(Import-Csv -LiteralPath $csv)
        $rows.Count | Should -Be $items.Count
        ($rows[0].PSObject.Properties.Name | Sort-Object) | Should -Be ($properties | Sort-Object)
        # Lists are joined into one readable cell, not written as a .NET type name.
        (Get-Content -LiteralPath $csv -Raw) | Should -Not -BeLike '*System.Collections.Generic*'
        (Get-Content -LiteralPath $csv -Raw) | Should -Not -BeLike '*System.String`[`]*'
    }
}
