import type { GlobalThemeOverrides } from 'naive-ui'

// The naive-ui side of the two themes; style.css holds the same colours as CSS variables.

// A calm, legible scheme: slate greys and one muted blue, Inter for text.
export const fontFamily =
  "'Inter Variable', Inter, system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"

const primary = '#2c6a94'

export const themeOverrides: GlobalThemeOverrides = {
  common: {
    fontFamily,
    fontSize: '14px',
    fontSizeMedium: '14px',
    primaryColor: primary,
    primaryColorHover: '#3a7fae',
    primaryColorPressed: '#22557a',
    primaryColorSuppl: '#3a7fae',
    infoColor: '#3b7bb5',
    infoColorHover: '#4a8cc6',
    infoColorPressed: '#2f6a9e',
    successColor: '#2f855a',
    successColorHover: '#38a169',
    successColorPressed: '#276749',
    warningColor: '#b7791f',
    warningColorHover: '#c98a2b',
    warningColorPressed: '#975a16',
    errorColor: '#c0392b',
    errorColorHover: '#d04a3c',
    errorColorPressed: '#a93226',
    textColorBase: '#1f2937',
    textColor1: '#1f2937',
    textColor2: '#374151',
    textColor3: '#5a6575',
    borderColor: '#e2e6ea',
    dividerColor: '#e8ebef',
    borderRadius: '6px',
    bodyColor: '#f5f7f9',
  },
  Layout: {
    color: '#f5f7f9',
    headerColor: '#ffffff',
    siderColor: '#fbfcfd',
    headerBorderColor: '#e2e6ea',
    siderBorderColor: '#e2e6ea',
  },
  Menu: {
    itemHeight: '36px',
    groupTextColor: '#5f6b7a',
    itemTextColor: '#374151',
    itemColorActive: '#e7f0f7',
    itemColorActiveHover: '#dde9f3',
    itemTextColorActive: primary,
    itemTextColorActiveHover: primary,
    borderRadius: '6px',
  },
  DataTable: {
    thColor: '#f7f9fa',
    thTextColor: '#4b5563',
    thFontWeight: '600',
    tdColorHover: '#f2f7fb',
    borderColor: '#e8ebef',
  },
  Drawer: {
    headerPadding: '16px 24px',
    bodyPadding: '20px 24px',
    footerPadding: '12px 24px',
  },
  // Text on a tag's tinted background keeps a contrast of 4.5:1 (WCAG AA): darker than the
  // type colours, which stay for borders and icons.
  Tag: {
    borderRadius: '4px',
    textColor: '#374151',
    textColorInfo: '#235a80',
    textColorSuccess: '#1e6b43',
    textColorWarning: '#7a4f10',
    textColorError: '#a1281c',
    textColorPrimary: '#235a80',
  },
  Steps: {
    headerTextColorProcess: '#1f2937',
    headerTextColorWait: '#5a6575',
    descriptionTextColorWait: '#5a6575',
    indicatorTextColorWait: '#5a6575',
  },
}

const darkPrimary = '#6aa9d6'

export const darkThemeOverrides: GlobalThemeOverrides = {
  common: {
    fontFamily,
    fontSize: '14px',
    fontSizeMedium: '14px',
    primaryColor: darkPrimary,
    primaryColorHover: '#80b8e0',
    primaryColorPressed: '#4f90bf',
    primaryColorSuppl: '#80b8e0',
    successColor: '#5cc08a',
    warningColor: '#e0a84a',
    errorColor: '#ef7a6d',
    borderRadius: '6px',
    bodyColor: '#14181d',
    cardColor: '#1b2027',
    modalColor: '#1b2027',
    popoverColor: '#222831',
    tableColor: '#1b2027',
    inputColor: '#181c22',
    borderColor: '#2c333d',
    dividerColor: '#283039',
  },
  Layout: {
    color: '#14181d',
    headerColor: '#1b2027',
    siderColor: '#181c22',
    headerBorderColor: '#2c333d',
    siderBorderColor: '#2c333d',
  },
  Menu: {
    itemHeight: '36px',
    itemColorActive: '#1f3446',
    itemColorActiveHover: '#27415a',
    itemTextColorActive: darkPrimary,
    itemTextColorActiveHover: darkPrimary,
    borderRadius: '6px',
  },
  Drawer: {
    color: '#1b2027',
    headerPadding: '16px 24px',
    bodyPadding: '20px 24px',
    footerPadding: '12px 24px',
  },
  Tag: {
    borderRadius: '4px',
  },
}
