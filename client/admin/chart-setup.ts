import { Chart, Legend, LinearScale, LineController, LineElement, LogarithmicScale, PointElement, ScatterController, Tooltip } from 'chart.js';

// Only the pieces the admin page draws: curves, scatter points, paths, a log axis for loss curves.
Chart.register(LineController, ScatterController, LineElement, PointElement, LinearScale, LogarithmicScale, Tooltip, Legend);
Chart.defaults.color = '#cbd5e1';
Chart.defaults.borderColor = '#2b3a50';
Chart.defaults.font.family = "system-ui, -apple-system, 'Segoe UI', 'Noto Sans TC', 'Microsoft JhengHei', sans-serif";
Chart.defaults.animation = false;
