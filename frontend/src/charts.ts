// ECharts, with only the parts the window uses (tree-shaken), and the colours both themes share.
import { use } from 'echarts/core'
import { CanvasRenderer } from 'echarts/renderers'
import { BarChart, CustomChart, GraphChart, LineChart } from 'echarts/charts'
import {
  DataZoomComponent,
  GridComponent,
  LegendComponent,
  MarkLineComponent,
  TooltipComponent,
} from 'echarts/components'

use([CanvasRenderer, BarChart, LineChart, GraphChart, CustomChart, GridComponent, TooltipComponent, LegendComponent, MarkLineComponent, DataZoomComponent])

/** SLA states in the order a person reads them, with their colours. */
export const slaColours: Record<string, string> = {
  breached: '#c0392b',
  warning: '#d69e2e',
  running: '#3b7bb5',
  paused: '#8a94a3',
  '': '#c9d3dd',
}

/** Distinct, calm colours for series (services, CI types). */
export const palette = ['#2c6a94', '#2f855a', '#b7791f', '#8e44ad', '#c0392b', '#16a085', '#d35400', '#5d6d7e', '#7f8c8d', '#1abc9c']

/** The text and line colours of charts in the current theme. */
export function chartInk(dark: boolean) {
  return dark
    ? { text: '#c9d0d8', muted: '#7c8794', line: '#2c333d', bg: 'transparent' }
    : { text: '#374151', muted: '#8a94a3', line: '#e8ebef', bg: 'transparent' }
}
